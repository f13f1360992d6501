using System.Collections.Concurrent;

namespace QixGen.Protocol;

/// <summary>
/// Ids of requests whose caller has gone (cancelled, timed out) or whose answer is not wanted (CancelRequest):
/// a late answer to one of them is dropped quietly instead of being reported as a protocol error. Bounded: the
/// oldest ids are forgotten first, so an engine that never answers cannot grow it. Thread-safe.
/// </summary>
internal sealed class AbandonedRequests
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<int, AbandonedRequest> _ids = new ConcurrentDictionary<int, AbandonedRequest>();
    private readonly ConcurrentQueue<int> _order = new ConcurrentQueue<int>();

    /// <summary>Remembers <paramref name="id"/>, with the handle and method it was sent to (a late delta answer still applies).</summary>
    public void Add(int id, int handle = -1, string? method = null)
    {
        if (_ids.TryAdd(id, new AbandonedRequest(handle, method)))
        {
            _order.Enqueue(id);
            while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
            {
                _ids.TryRemove(oldest, out _);
            }
        }
    }

    /// <summary>Whether <paramref name="id"/> was abandoned; it is forgotten (one late answer per request).</summary>
    public bool TryForget(int id) => _ids.TryRemove(id, out _);

    /// <summary>Whether <paramref name="id"/> was abandoned, and the request it was; it is forgotten.</summary>
    public bool TryForget(int id, out AbandonedRequest request) => _ids.TryRemove(id, out request);
}

/// <summary>Where an abandoned request was sent: its handle and method (null when no answer of it matters).</summary>
internal readonly struct AbandonedRequest
{
    public AbandonedRequest(int handle, string? method)
    {
        Handle = handle;
        Method = method;
    }

    public int Handle { get; }

    public string? Method { get; }
}
