using System;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Transport;

/// <summary>
/// The bound on connecting, the TLS handshake and the upgrade answer together, on both WebSocket paths: a server that
/// accepts the connection and never answers must not hold a caller that passed no token of its own.
/// </summary>
internal static class UpgradeBound
{
    /// <summary>30 s.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="connect"/> with the caller's token cancelled also after <see cref="Timeout"/>.</summary>
    /// <exception cref="Errors.QixTimeoutException">The bound passed first.</exception>
    /// <exception cref="OperationCanceledException">The caller's token was cancelled.</exception>
    public static async ValueTask<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> connect, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(Timeout);
        try
        {
            return await connect(bound.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (bound.IsCancellationRequested && e is not Errors.QixException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The token closed the socket under whatever was running: a blocking connect or read then fails with
            // ObjectDisposedException or SocketException, ClientWebSocket with a WebSocketException, rather than
            // OperationCanceledException. Say which token it was.
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("Connecting was cancelled.", e, cancellationToken);
            }

            throw new Errors.QixTimeoutException("the WebSocket upgrade", Timeout, e);
        }
    }
}
