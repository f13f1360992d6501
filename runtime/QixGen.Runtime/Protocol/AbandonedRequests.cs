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
    private readonly ConcurrentDictionary<int, byte> _ids = new ConcurrentDictionary<int, byte>();
    private readonly ConcurrentQueue<int> _order = new ConcurrentQueue<int>();

    public void Add(int id)
    {
        if (_ids.TryAdd(id, 0))
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
}
