using System;
using System.Collections.Concurrent;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using QixGen.Errors;
using QixGen.Protocol;
using QixGen.Serialization;
using QixGen.Transport;

namespace QixGen.Session;

// The one serialized sender. Callers put their frames in the outbox; the caller that finds the sender role free
// (_sendLock) writes every queued frame, its own and others', and when more than one is queued on a transport that
// can batch, gathers them into one write. Close handshakes take the same role, so no frame is cut by a close.
public sealed partial class QixSession
{
    /// <summary>Frames written per turn of the sender role before it is handed to the thread pool (fairness to the holder).</summary>
    private const int FramesPerTurn = 256;

    private readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);
    private readonly ConcurrentQueue<OutgoingFrame> _outbox = new ConcurrentQueue<OutgoingFrame>();

    private static readonly WaitCallback s_runScheduledPump = static state => _ = ((QixSession)state!).RunScheduledPumpAsync();

    private int _pumpScheduled;

    private void Post(OutgoingFrame frame) => _outbox.Enqueue(frame);

    /// <summary>
    /// Gets a just-posted frame written. With no other call in flight it is written at once on the caller's thread
    /// (no hop: the lowest latency for sequential calls). With calls in flight the caller is likely one of a burst
    /// (a loop starting many calls, or many threads): the write is left to one pump on the thread pool, so the frames
    /// posted until it runs leave together in one send.
    /// </summary>
    private Task SendPostedAsync()
    {
        if (_pending.Count <= 1)
        {
            return PumpOutboxAsync();
        }

        if (Interlocked.CompareExchange(ref _pumpScheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(s_runScheduledPump, this);
        }

        return Task.CompletedTask;
    }

    private Task RunScheduledPumpAsync()
    {
        // Cleared before pumping: a frame posted while this pump writes schedules the next one (or is taken by it).
        Volatile.Write(ref _pumpScheduled, 0);
        return PumpOutboxAsync();
    }

    /// <summary>
    /// Takes the sender role if it is free and writes what the outbox holds. Never throws: a failed write fails the
    /// calls concerned. If another holder has the role it writes our frame; a holder re-checks the outbox after letting
    /// the role go, so no frame is left behind by that race.
    /// </summary>
    private async Task PumpOutboxAsync()
    {
        for (var turn = 0; !_outbox.IsEmpty; turn++)
        {
            if (turn == 2)
            {
                // Others keep posting: hand the rest to the pool rather than keep this caller from its answer.
                _ = Task.Run(PumpOutboxAsync);
                return;
            }

            if (!_sendLock.Wait(0))
            {
                return;
            }

            try
            {
                await DrainOutboxLockedAsync().ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
    }

    private async Task DrainOutboxLockedAsync()
    {
        var transport = _transport;
        var batching = transport as WebSocketTransport;
        var corked = false;
        try
        {
            for (var written = 0; written < FramesPerTurn && _outbox.TryDequeue(out var frame); written++)
            {
                if (!corked && batching is { CanBatch: true } && !_outbox.IsEmpty)
                {
                    // More than one frame waits: gather them (and those posted meanwhile) into one write.
                    batching.Cork();
                    corked = true;
                }

                await WriteQueuedLockedAsync(frame).ConfigureAwait(false);
            }
        }
        finally
        {
            if (corked)
            {
                try
                {
                    await batching!.UncorkAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // Every frame of the batch is marked sent; losing the connection fails their calls (pending).
                    OnSendFailed(e);
                }
            }
        }
    }

    private async Task WriteQueuedLockedAsync(OutgoingFrame queued)
    {
        using var frame = queued.Frame;
        if (queued.Call is { } call)
        {
            if (call.IsCompleted)
            {
                return; // cancelled, timed out or failed while queued: nothing goes on the wire
            }

            if ((_closedError ?? (queued.IsInternal ? null : _unavailable)) is { } unavailable)
            {
                call.Fail(unavailable);
                return;
            }

            call.MarkSent();
            if (call.IsCompleted)
            {
                // Cancelled between the check above and the mark: its canceller may have seen it unsent and expect no answer.
                return;
            }
        }
        else if (_closedError is not null || _unavailable is not null)
        {
            return; // a CancelRequest for a connection that is gone
        }

        try
        {
            await SendFrameLockedAsync(frame.WrittenMemory).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            queued.Call?.Fail(e);
        }
    }

    private async Task SendFrameLockedAsync(ReadOnlyMemory<byte> frame)
    {
        if (Traffic is { } sentHandlers)
        {
            RaiseSafely(() => sentHandlers(this, new QixTrafficEventArgs(true, frame)), nameof(Traffic));
        }
        LogFrame("Sent", frame.Span);
        try
        {
            // Once a frame starts it is sent whole: a half-written frame would break the connection.
            await _transport.SendAsync(frame, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not QixException)
        {
            throw OnSendFailed(e);
        }
    }

    /// <summary>The connection failed under a write: end it (suspend or close) and say what callers should see.</summary>
    private Exception OnSendFailed(Exception error)
    {
        var closed = new QixSessionClosedException(1006, "The connection failed while sending.", error);
        OnTransportEnded(_epoch, 1006, closed.CloseReason, error);
        return (Exception?)_closedError ?? _unavailable ?? closed;
    }

    /// <summary>The session closed for good: frames still queued are never written; their buffers go back to the pool.</summary>
    private void DiscardOutbox(Exception error)
    {
        while (_outbox.TryDequeue(out var queued))
        {
            queued.Call?.Fail(error);
            queued.Frame.Dispose();
        }
    }

    /// <summary>
    /// Asks the engine to abort a sent request (Global.CancelRequest). Neither the aborted request's late answer nor
    /// the CancelRequest's own answer is waited for: both are dropped quietly when they come, so an engine that never
    /// answers leaves no pending call behind.
    /// </summary>
    private async Task SendCancelRequestAsync(int requestId)
    {
        if (_closedError is not null)
        {
            return;
        }

        var id = Interlocked.Increment(ref _nextId);
        _abandoned.Add(id);
        var parameters = Encoding.UTF8.GetBytes("[" + requestId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");
        try
        {
            Post(new OutgoingFrame(RequestFrameWriter.Write(id, new QixRequest(-1, "CancelRequest", parameters), delta: false), null, isInternal: false));
            await PumpOutboxAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger?.LogDebug(e, "CancelRequest for request {RequestId} failed", requestId);
        }
    }

    /// <summary>A request frame waiting for the sender, with the call it belongs to (none for a CancelRequest).</summary>
    private readonly struct OutgoingFrame
    {
        public OutgoingFrame(PooledBufferWriter frame, PendingCall? call, bool isInternal)
        {
            Frame = frame;
            Call = call;
            IsInternal = isInternal;
        }

        public PooledBufferWriter Frame { get; }

        public PendingCall? Call { get; }

        /// <summary>A call of the session's own resume, allowed while suspended.</summary>
        public bool IsInternal { get; }
    }
}
