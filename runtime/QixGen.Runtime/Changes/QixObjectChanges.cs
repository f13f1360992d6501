using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using QixGen.Objects;

namespace QixGen.Changes;

/// <summary>An object's change notifications as an async stream, besides the <see cref="QixObject.Changed"/> event.</summary>
public static class QixObjectChanges
{
    /// <summary>Default number of notifications buffered for a slow reader before the oldest are dropped.</summary>
    public const int DefaultCapacity = 16;

    /// <summary>
    /// The object's notifications from when the enumeration starts until the object closes (the stream then ends) or
    /// <paramref name="cancellationToken"/> fires (<see cref="OperationCanceledException"/>). At most
    /// <paramref name="capacity"/> wait unread; older ones are dropped (see <see cref="QixObjectChange.Sequence"/>).
    /// The engine only notifies about objects whose layout was fetched since their last change: call GetLayout after
    /// each notification to get the next one. Any number of streams per object; each enumeration is one subscriber.
    /// </summary>
    /// <param name="target">Any proxy (Doc, GenericObject, ...).</param>
    /// <param name="capacity">Notifications buffered, at least 1.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The notifications.</returns>
    public static IAsyncEnumerable<QixObjectChange> ChangesAsync(this QixObject target, int capacity = DefaultCapacity, CancellationToken cancellationToken = default)
    {
        if (target is null)
        {
            throw new ArgumentNullException(nameof(target));
        }

        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "At least one notification must fit.");
        }

        return ReadAsync(target, capacity, cancellationToken);
    }

    private static async IAsyncEnumerable<QixObjectChange> ReadAsync(QixObject target, int capacity, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var feed = new ChangeFeed(target, capacity);
        while (await feed.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (feed.Reader.TryRead(out var change))
            {
                yield return change;
            }
        }
    }
}
