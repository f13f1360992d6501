using System;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Session;

namespace QixGen.Apps;

/// <summary>
/// One holder's use of a pooled app session: the app's proxy and its session. Dispose when done; the socket closes
/// when the last holder of its (app, identity) disposes. Disposing twice is harmless.
/// </summary>
/// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
public sealed class QixAppSession<TDoc> : IAsyncDisposable
    where TDoc : Objects.QixObject
{
    private readonly AppSessionEntry _entry;
    private int _disposed;

    internal QixAppSession(AppSessionEntry entry, TDoc doc)
    {
        _entry = entry;
        Doc = doc;
    }

    /// <summary>Which app and identity.</summary>
    public QixAppKey Key => _entry.Key;

    /// <summary>The app (shared by every holder of this key: selections made through it are everyone's).</summary>
    public TDoc Doc { get; }

    /// <summary>The session (shared by every holder of this key).</summary>
    public QixSession Session => _entry.Session!;

    /// <summary>Whether the app was opened without data.</summary>
    public bool NoData => _entry.NoData;

    /// <summary>Gives this holder's share back; the last one closes the socket.</summary>
    /// <returns>A task that completes when released (and, for the last holder, when the session closed).</returns>
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 ? _entry.ReleaseAsync() : default;
}
