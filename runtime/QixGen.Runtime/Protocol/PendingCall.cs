using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Protocol;

/// <summary>A request sent (or about to be) whose response has not arrived.</summary>
internal sealed class PendingCall
{
    private readonly TaskCompletionSource<ResponseFrame> _completion =
        new TaskCompletionSource<ResponseFrame>(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _sent;

    public PendingCall(int id, int handle, string method)
    {
        Id = id;
        Handle = handle;
        Method = method;
    }

    public int Id { get; }

    public int Handle { get; }

    public string Method { get; }

    public Task<ResponseFrame> Task => _completion.Task;

    /// <summary>Whether the request reached the transport (cancelling it then asks the engine to abort it).</summary>
    public bool IsSent => Volatile.Read(ref _sent) == 1;

    public void MarkSent() => Volatile.Write(ref _sent, 1);

    /// <summary>Hands the response to the caller; when the call already ended (cancelled, failed) the frame is released.</summary>
    public void Complete(ResponseFrame frame)
    {
        if (!_completion.TrySetResult(frame))
        {
            frame.Dispose();
        }
    }

    public bool Fail(Exception exception) => _completion.TrySetException(exception);

    public bool Cancel(CancellationToken token) => _completion.TrySetCanceled(token);

    /// <summary>
    /// For a caller that leaves without awaiting <see cref="Task"/> (its send failed, it was cancelled while queued):
    /// a failure set later (the session closes or suspends) must not surface as an unobserved task exception.
    /// </summary>
    public void ObserveFailure() =>
        _completion.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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
