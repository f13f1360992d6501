using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace QixGen.Protocol;

/// <summary>
/// A request sent (or about to be) whose response has not arrived. Its outcome is set once (answer, failure or
/// cancellation; later attempts lose) and awaited once, by the call's own <c>SendAndReceiveAsync</c>.
/// </summary>
/// <remarks>
/// Continuations run on the thread pool, never inside the code that sets the outcome (the receive loop, a close,
/// a cancellation callback), except through <see cref="CompleteInline"/>, which the receive loop uses only once it
/// no longer needs its thread (see <c>AnswerHandOver</c>). A value-task source rather than a
/// <see cref="TaskCompletionSource{TResult}"/>, because only this one can choose per completion whether its
/// continuation runs inline.
/// </remarks>
internal sealed class PendingCall : IValueTaskSource<ResponseFrame>
{
    private ManualResetValueTaskSourceCore<ResponseFrame> _outcome = new ManualResetValueTaskSourceCore<ResponseFrame> { RunContinuationsAsynchronously = true };

    private int _sent;
    private int _ended;

    public PendingCall(int id, int handle, string method)
    {
        Id = id;
        Handle = handle;
        Method = method;
    }

    public int Id { get; }

    public int Handle { get; }

    public string Method { get; }

    /// <summary>The response; await it once.</summary>
    public ValueTask<ResponseFrame> Response => new ValueTask<ResponseFrame>(this, _outcome.Version);

    /// <summary>Whether the call has its outcome (answered, failed or cancelled).</summary>
    public bool IsCompleted => Volatile.Read(ref _ended) == 1;

    /// <summary>Whether the request reached the transport (cancelling it then asks the engine to abort it).</summary>
    public bool IsSent => Volatile.Read(ref _sent) == 1;

    /// <summary>
    /// Marks the call as about to be written. A full fence (as <see cref="TryEnd"/> is): the sender then reads
    /// <see cref="IsCompleted"/> and a canceller reads <see cref="IsSent"/> after its own write, so at least one sees the
    /// other's: a call is never written unless its canceller knows it was.
    /// </summary>
    public void MarkSent() => Interlocked.Exchange(ref _sent, 1);

    /// <summary>Hands the response to the caller; when the call already ended (cancelled, failed) the frame is released.</summary>
    public void Complete(ResponseFrame frame)
    {
        if (TryEnd())
        {
            _outcome.SetResult(frame);
        }
        else
        {
            frame.Dispose();
        }
    }

    /// <summary>
    /// As <see cref="Complete"/>, but the caller's continuation (its decode, then the user's code after
    /// <c>await</c>) runs on this thread before this method returns.
    /// </summary>
    public void CompleteInline(ResponseFrame frame)
    {
        if (TryEnd())
        {
            _outcome.RunContinuationsAsynchronously = false;
            _outcome.SetResult(frame);
        }
        else
        {
            frame.Dispose();
        }
    }

    public bool Fail(Exception exception)
    {
        if (!TryEnd())
        {
            return false;
        }

        _outcome.SetException(exception);
        return true;
    }

    public bool Cancel(CancellationToken token) => Fail(new OperationCanceledException(token));

    ResponseFrame IValueTaskSource<ResponseFrame>.GetResult(short token) => _outcome.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<ResponseFrame>.GetStatus(short token) => _outcome.GetStatus(token);

    void IValueTaskSource<ResponseFrame>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _outcome.OnCompleted(continuation, state, token, flags);

    private bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;
}

/// <summary>The calls waiting for a response, by request id.</summary>
internal sealed class PendingCallTable
{
    private readonly ConcurrentDictionary<int, PendingCall> _calls = new ConcurrentDictionary<int, PendingCall>();

    public int Count => _calls.Count;

    public void Add(PendingCall call) => _calls[call.Id] = call;

    public bool TryRemove(int id, out PendingCall call) => _calls.TryRemove(id, out call!);

    public void Remove(int id) => _calls.TryRemove(id, out _);

    /// <summary>Fails every pending call at once (the connection is gone).</summary>
    public void FailAll(Exception exception)
    {
        foreach (var pair in _calls)
        {
            if (_calls.TryRemove(pair.Key, out var call))
            {
                call.Fail(exception);
            }
        }
    }
}
