using System;
using System.Threading;
using System.Threading.Channels;
using QixGen.Objects;

namespace QixGen.Changes;

/// <summary>
/// Subscribes to an object's Changed/Suspended/Closed events on creation and turns them into a bounded channel
/// (oldest dropped when full: a reader only needs the latest "stale"). Completes when the object closes.
/// Events arrive on the session's receive loop; writing to the channel never blocks it.
/// </summary>
internal sealed class ChangeFeed : IDisposable
{
    private readonly QixObject _target;
    private readonly Channel<QixObjectChange> _channel;
    private long _sequence;

    public ChangeFeed(QixObject target, int capacity)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "At least one notification must fit.");
        }

        _target = target ?? throw new ArgumentNullException(nameof(target));
        _channel = Channel.CreateBounded<QixObjectChange>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = false,
        });
        target.Changed += OnChanged;
        target.Suspended += OnSuspended;
        target.Closed += OnClosed;
        if (target.IsClosed)
        {
            _channel.Writer.TryComplete();
        }
    }

    public ChannelReader<QixObjectChange> Reader => _channel.Reader;

    public void Dispose()
    {
        _target.Changed -= OnChanged;
        _target.Suspended -= OnSuspended;
        _target.Closed -= OnClosed;
        _channel.Writer.TryComplete();
    }

    private void OnChanged(object? sender, EventArgs e) => _channel.Writer.TryWrite(new QixObjectChange(QixObjectChangeKind.Changed, Interlocked.Increment(ref _sequence)));

    private void OnSuspended(object? sender, EventArgs e) => _channel.Writer.TryWrite(new QixObjectChange(QixObjectChangeKind.Suspended, Interlocked.Increment(ref _sequence)));

    private void OnClosed(object? sender, EventArgs e) => _channel.Writer.TryComplete();
}
