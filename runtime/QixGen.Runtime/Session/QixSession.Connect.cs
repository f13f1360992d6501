using System;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Session;

/// <summary>Connecting in one call: open the transport, start the session, wait for the engine's OnConnected.</summary>
public sealed partial class QixSession
{
    /// <summary>How long <see cref="ConnectAsync(QixSessionOptions, CancellationToken)"/> waits for OnConnected: 30 s.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Opens a session (<see cref="OpenAsync"/>) and waits until the engine has sent OnConnected, so that the
    /// first call can follow at once: <c>await using var session = await QixSession.ConnectAsync(options);</c>
    /// then <c>session.GetGlobal()</c> (generated in your bindings' namespace).
    /// </summary>
    /// <param name="options">Where and how to connect; the authentication helpers (<c>UseBearerToken</c>, ...) are on it.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connected session (<see cref="WaitForConnectedAsync"/> then answers at once whether the engine session is new or reattached).</returns>
    /// <exception cref="TimeoutException">The engine did not send OnConnected within <see cref="DefaultConnectTimeout"/> (the session is closed).</exception>
    public static Task<QixSession> ConnectAsync(QixSessionOptions options, CancellationToken cancellationToken = default) =>
        ConnectAsync(options, DefaultConnectTimeout, cancellationToken);

    /// <summary>As <see cref="ConnectAsync(QixSessionOptions, CancellationToken)"/>, waiting at most <paramref name="connectedTimeout"/> for OnConnected.</summary>
    /// <param name="options">Where and how to connect.</param>
    /// <param name="connectedTimeout">How long to wait for OnConnected once the transport is open.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connected session.</returns>
    public static async Task<QixSession> ConnectAsync(QixSessionOptions options, TimeSpan connectedTimeout, CancellationToken cancellationToken = default)
    {
        var session = await OpenAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            await session.WaitForConnectedAsync(connectedTimeout, cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
