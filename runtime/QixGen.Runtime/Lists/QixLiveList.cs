using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Changes;
using QixGen.Objects;
using QixGen.Raw;

namespace QixGen.Lists;

/// <summary>
/// A list kept live: its session object stays in the engine, <see cref="Items"/> holds the last layout's items and
/// <see cref="UpdatesAsync"/> yields a fresh list after each change notification. Dispose to destroy the session object.
/// </summary>
/// <remarks>
/// Thread-safety: <see cref="Items"/> and <see cref="RefreshAsync"/> may be used from any thread (the last refresh to
/// finish wins); <see cref="UpdatesAsync"/> has one reader at a time. Notifications that arrive while no one reads are
/// kept (at most <see cref="QixObjectChanges.DefaultCapacity"/>, older ones dropped: each only says "stale").
/// </remarks>
/// <typeparam name="TItem">The item type.</typeparam>
public sealed class QixLiveList<TItem> : IAsyncDisposable
    where TItem : QixListItem
{
    private readonly QixObject _doc;
    private readonly QixListDefinition<TItem> _definition;
    private readonly ChangeFeed _changes;
    private IReadOnlyList<TItem> _items = Array.Empty<TItem>();
    private int _disposed;

    internal QixLiveList(QixObject doc, QixObject sessionObject, QixListDefinition<TItem> definition)
    {
        _doc = doc;
        SessionObject = sessionObject;
        _definition = definition;
        _changes = new ChangeFeed(sessionObject, QixObjectChanges.DefaultCapacity);
    }

    /// <summary>The session object behind the list (its <see cref="QixObject.Changed"/> event fires when the list is stale).</summary>
    public QixObject SessionObject { get; }

    /// <summary>The items as of the last refresh.</summary>
    public IReadOnlyList<TItem> Items => Volatile.Read(ref _items);

    /// <summary>Fetches the layout again and replaces <see cref="Items"/>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new items.</returns>
    public async Task<IReadOnlyList<TItem>> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var layout = await QixRawCall.GetLayoutAsync(SessionObject, cancellationToken).ConfigureAwait(false);
        var items = _definition.ReadItems(layout);
        Volatile.Write(ref _items, items);
        return items;
    }

    /// <summary>
    /// After each change notification, the refreshed items. Ends when the list is disposed or its object closes;
    /// <paramref name="cancellationToken"/> stops it with <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>The item lists, newest last.</returns>
    public async IAsyncEnumerable<IReadOnlyList<TItem>> UpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = _changes.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var stale = false;
            while (reader.TryRead(out var change))
            {
                stale |= change.Kind == QixObjectChangeKind.Changed;
            }

            if (stale)
            {
                yield return await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops listening and destroys the session object (best effort when the session is gone).</summary>
    /// <returns>A task that completes when the object is destroyed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _changes.Dispose();
        await QixTargets.DestroySessionObjectAsync(_doc, SessionObject).ConfigureAwait(false);
    }
}
