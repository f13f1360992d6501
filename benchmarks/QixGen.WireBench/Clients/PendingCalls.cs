using System;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.WireBench.Clients;

/// <summary>
/// The calls of a bare floor client waiting for their answers, by request id: a received message is parsed
/// (JsonDocument, over a copy of the bytes) and completes its caller; a receive failure fails every caller.
/// Thread-safety: any thread may add; one receive loop completes and fails.
/// </summary>
internal sealed class PendingCalls
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonDocument>> _pending = new ConcurrentDictionary<int, TaskCompletionSource<JsonDocument>>();
    private int _nextId;

    /// <summary>A new request id and the task its answer completes (the caller disposes the document).</summary>
    /// <param name="options">RunContinuationsAsynchronously to complete callers on the thread pool; None to run them on the receive loop's thread.</param>
    public (int Id, Task<JsonDocument> Answer) Add(TaskCreationOptions options)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonDocument>(options);
        _pending[id] = answer;
        return (id, answer.Task);
    }

    /// <summary>Parses one whole message and completes the call with its id; a message with no waiting caller (a notification) is dropped.</summary>
    /// <param name="onThreadPool">Complete it from a thread-pool work item rather than on this thread.</param>
    public void Complete(ReadOnlyMemory<byte> message, bool onThreadPool = false)
    {
        var document = JsonDocument.Parse(message.ToArray());
        if (document.RootElement.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var caller))
        {
            if (onThreadPool)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static answer => answer.Caller.TrySetResult(answer.Document), (Caller: caller, Document: document), preferLocal: false);
            }
            else
            {
                caller.TrySetResult(document);
            }
        }
        else
        {
            document.Dispose();
        }
    }

    public void FailAll(Exception error)
    {
        foreach (var caller in _pending.Values)
        {
            caller.TrySetException(error);
        }
    }
}
