using System;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Objects;
using QixGen.Session;

namespace QixGen.Apps;

/// <summary>One pooled socket: its session, the opened app and how many holders use it. Counts change under the pool's lock.</summary>
internal sealed class AppSessionEntry
{
    private readonly QixAppSessionPool _pool;

    public AppSessionEntry(QixAppSessionPool pool, QixAppKey key, bool noData)
    {
        _pool = pool;
        Key = key;
        NoData = noData;
    }

    public QixAppKey Key { get; }

    public bool NoData { get; }

    /// <summary>Completes when the session is open and the app opened; shared by concurrent openers.</summary>
    public Task<QixObject>? Opening { get; set; }

    public QixSession? Session { get; set; }

    /// <summary>The app's proxy as last handed out (typed once a holder asked for its type), guarded by the pool's lock.</summary>
    public QixObject? Doc { get; set; }

    /// <summary>Holders, guarded by the pool's lock.</summary>
    public int References { get; set; }

    /// <summary>Set once the entry left the pool (last holder gone, open failed, pool disposed).</summary>
    public bool Retired { get; set; }

    /// <summary>Whether the session can still serve calls (open, or suspended and resuming by itself).</summary>
    public bool IsUsable => !Retired && (Opening is null || !Opening.IsCompleted || (Opening.Status == TaskStatus.RanToCompletion && Session is { IsOpen: true }));

    public ValueTask ReleaseAsync() => _pool.ReleaseAsync(this);

    public async ValueTask CloseAsync()
    {
        if (Session is { } session)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        else if (Opening is { } opening)
        {
            // Still opening: the opener disposes the session when it sees the entry retired.
            try
            {
                await opening.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
            }

            if (Session is { } late)
            {
                await late.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
