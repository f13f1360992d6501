using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Protocol;
using QixGen.Transport;

namespace QixGen.Session;

/// <summary>
/// The answer of the frame the receive loop just read, held until the loop's next receive is armed, then completed
/// on the loop's own thread: the caller's decode and the user's code after <c>await</c> run there, without a hop
/// through the thread pool (one thread wake-up per sequential call instead of two).
/// </summary>
/// <remarks>
/// Safe because the hand-over happens only after the next receive has registered its continuation
/// (<see cref="Awaiter.UnsafeOnCompleted"/>): from then on the loop no longer needs this thread, so user code that
/// runs long, blocks or waits synchronously for another call holds up nothing but itself; the next answer wakes the
/// loop on another thread. When the next receive completes at once (more frames were already read), the held
/// answer is completed through the thread pool as before, so one caller's code never delays the frames behind it.
/// Only on a thread-pool thread, or on the connection's own receive thread (<c>ReceiveThread</c>, whose
/// watchdog hands the reading to a new thread if user code holds it): a loop continued on another thread (a socket
/// engine's event thread with inline completions) never lends that thread to user code. Used by the receive loop alone: not thread-safe.
/// </remarks>
internal sealed class AnswerHandOver
{
    private PendingCall? _call;
    private ResponseFrame? _frame;

    public bool IsEmpty => _call is null;

    /// <summary>
    /// Holds an answer. The loop completes the one held before at its next receive, so none is left here; should one
    /// be, it is completed first rather than lost.
    /// </summary>
    public void Hold(PendingCall call, ResponseFrame frame)
    {
        CompleteQueued();
        _call = call;
        _frame = frame;
    }

    /// <summary>Completes the held answer, if any, with its continuation on the thread pool.</summary>
    public void CompleteQueued()
    {
        if (Take() is { } answer)
        {
            answer.Call.Complete(answer.Frame);
        }
    }

    /// <summary>Awaits the next receive and hands the held answer over once that receive is armed.</summary>
    public Awaiter WhileReceiving(ValueTask<QixReceiveResult> receiving) => new Awaiter(receiving.ConfigureAwait(false).GetAwaiter(), this);

    private (PendingCall Call, ResponseFrame Frame)? Take()
    {
        var call = _call;
        if (call is null)
        {
            return null;
        }

        var frame = _frame!;
        _call = null;
        _frame = null;
        return (call, frame);
    }

#if NET8_0_OR_GREATER
    private static bool OnReceiveThread => ReceiveThread.IsCurrentThread;
#else
    private static bool OnReceiveThread => false;
#endif

    /// <summary>Awaits a receive; registering the receive's continuation completes the held answer inline.</summary>
    public readonly struct Awaiter : ICriticalNotifyCompletion
    {
        private readonly ConfiguredValueTaskAwaitable<QixReceiveResult>.ConfiguredValueTaskAwaiter _receiving;
        private readonly AnswerHandOver _owner;

        public Awaiter(ConfiguredValueTaskAwaitable<QixReceiveResult>.ConfiguredValueTaskAwaiter receiving, AnswerHandOver owner)
        {
            _receiving = receiving;
            _owner = owner;
        }

        /// <summary>When true the receive is done and no hand-over happens: the loop completes the held answer queued.</summary>
        public bool IsCompleted => _receiving.IsCompleted;

        public Awaiter GetAwaiter() => this;

        public QixReceiveResult GetResult() => _receiving.GetResult();

        public void OnCompleted(Action continuation) => HandOver(continuation, flowContext: true);

        public void UnsafeOnCompleted(Action continuation) => HandOver(continuation, flowContext: false);

        private void HandOver(Action continuation, bool flowContext)
        {
            // Taken before the continuation is registered: once it is, the loop may go on on another thread at once.
            var held = _owner.Take();
            if (flowContext)
            {
                _receiving.OnCompleted(continuation);
            }
            else
            {
                _receiving.UnsafeOnCompleted(continuation);
            }

            if (held is not { } answer)
            {
                return;
            }

            if (Thread.CurrentThread.IsThreadPoolThread || OnReceiveThread)
            {
                answer.Call.CompleteInline(answer.Frame);
            }
            else
            {
                answer.Call.Complete(answer.Frame);
            }
        }
    }
}
