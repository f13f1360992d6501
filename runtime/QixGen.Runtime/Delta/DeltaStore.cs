using System;
using System.Buffers;
using System.Collections.Concurrent;
using QixGen.Serialization;

namespace QixGen.Delta;

/// <summary>
/// The client side of the engine's delta protocol: the last full value of every out value received with
/// <c>"delta": true</c>, keyed by (handle, method, out key), and the patching of each new answer against it.
/// Thread-safe. Patches are read in the Qlik dialect (<see cref="JsonPointerDialect.QlikEngine"/>): a path
/// of <c>"/"</c> means the whole value, which is how the engine sends a first full value.
/// </summary>
/// <remarks>
/// <para>
/// Patches for one (handle, method) must be applied in the order the engine sent them (the session's receive
/// order); each is against the value the previous one produced. The session only queues an answer on its receive
/// loop and the patch is applied on the caller's side, in that order (<see cref="DeltaLane"/>),
/// so a large patch never holds up the answers to other calls.
/// </para>
/// <para>
/// A patch that fails (malformed, a path that does not resolve, a failed <c>test</c>) throws for that call and
/// drops the value, so no wrong value is kept: the next answer for that key must again carry a whole value.
/// Values are held as the UTF-8 JSON of the last result (shared by all out values of it), so the held state costs
/// about the size of that JSON, and an empty patch hands the same bytes out again. The session's callers share those
/// bytes until their response is disposed; a patch made only of replaces is written into them in place once no caller
/// reads them any more, and answers pipelined on one (handle, method) go through rented arrays.
/// </para>
/// </remarks>
public sealed class DeltaStore
{
    private readonly ConcurrentDictionary<(int Handle, string Method), DeltaLane> _lanes =
        new ConcurrentDictionary<(int Handle, string Method), DeltaLane>();

    /// <summary>Where the arrays of results not held for long are rented from.</summary>
    internal ArrayPool<byte> Pool { get; }

    /// <summary>
    /// Guards every lane's queue of answers, held only to link or unlink one: one lock for the store rather than one
    /// object per lane (a lane is held per object and method, and its size counts in the held state).
    /// </summary>
    internal object QueueLock { get; } = new object();

    /// <summary>A store with nothing held.</summary>
    public DeltaStore()
        : this(ArrayPool<byte>.Shared)
    {
    }

    /// <summary>A store that rents the arrays of results it will not hold for long from <paramref name="pool"/> (tests check them).</summary>
    internal DeltaStore(ArrayPool<byte> pool) => Pool = pool;

    /// <summary>How many values are held.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var lane in _lanes.Values)
            {
                count += lane.HeldCount;
            }

            return count;
        }
    }

    /// <summary>Applies one out value's patch and returns the full value.</summary>
    /// <param name="handle">The handle the method was called on.</param>
    /// <param name="method">The method's wire name (e.g. <c>GetLayout</c>).</param>
    /// <param name="outKey">The out value's key in the result (e.g. <c>qLayout</c>).</param>
    /// <param name="patchJson">The out value as the engine sent it: a UTF-8 JSON Patch array.</param>
    /// <returns>The full value after the patch, compact UTF-8 JSON in a new array (never shared).</returns>
    /// <exception cref="JsonPatchException">The patch is malformed or does not apply; the entry has been dropped.</exception>
    public byte[] Apply(int handle, string method, string outKey, ReadOnlySpan<byte> patchJson)
    {
        if (outKey is null)
        {
            throw new ArgumentNullException(nameof(outKey));
        }

        return Copy(Enqueue(handle, method, outKey, patchJson.ToArray(), owner: null));
    }

    /// <summary>
    /// Rewrites a whole delta <c>result</c> object (every property value a patch array) into the same object
    /// with full values, ready for the generated result readers.
    /// </summary>
    /// <param name="handle">The handle the method was called on.</param>
    /// <param name="method">The method's wire name.</param>
    /// <param name="deltaResultJson">The raw <c>result</c> object of a response with <c>"delta": true</c>.</param>
    /// <returns>The result object with each patch replaced by the full value, UTF-8 JSON in a new array (never shared).</returns>
    /// <exception cref="JsonPatchException">
    /// The result is not an object of patches, or a patch did not apply. Every other out value is still
    /// applied (the engine already counts them as delivered); the failing ones are dropped.
    /// </exception>
    public byte[] ApplyResult(int handle, string method, ReadOnlySpan<byte> deltaResultJson) =>
        Copy(Enqueue(handle, method, outKey: null, deltaResultJson.ToArray(), owner: null));

    private static byte[] Copy(DeltaAnswer answer)
    {
        try
        {
            return answer.Resolve().ToArray();
        }
        finally
        {
            answer.Release();
        }
    }

    /// <summary>
    /// Queues a delta <c>result</c> object (or one out value's patch when <paramref name="outKey"/> is set) behind
    /// the earlier answers of the same (handle, method). Cheap and never blocks on a patch being applied: the
    /// receive loop calls it in arrival order. <see cref="DeltaAnswer.Resolve"/> applies it (on the caller's side).
    /// </summary>
    /// <param name="handle">The handle the method was called on.</param>
    /// <param name="method">The method's wire name.</param>
    /// <param name="outKey">Null for a whole result object; else the out value <paramref name="json"/> is the patch of.</param>
    /// <param name="json">The result object, or the patch; not copied, so it must stay unchanged until applied.</param>
    /// <param name="owner">Released once the answer was applied (the receive buffer <paramref name="json"/> lies in).</param>
    internal DeltaAnswer Enqueue(int handle, string method, string? outKey, ReadOnlyMemory<byte> json, IDisposable? owner)
    {
        if (method is null)
        {
            throw new ArgumentNullException(nameof(method));
        }

        var lane = _lanes.GetOrAdd((handle, method), static key => new DeltaLane(key.Handle, key.Method));
        var answer = new DeltaAnswer(lane, this, outKey, json, owner);
        lane.Enqueue(answer);
        return answer;
    }

    /// <summary>Queues a delta answer held in a receive buffer; the buffer is released once it was applied.</summary>
    internal DeltaAnswer Enqueue(int handle, string method, PooledBufferWriter frame, int resultStart, int resultLength) =>
        Enqueue(handle, method, outKey: null, frame.WrittenMemory.Slice(resultStart, resultLength), frame);

    /// <summary>Drops every value held for <paramref name="handle"/> (call when the engine closes the handle).</summary>
    /// <param name="handle">The closed handle.</param>
    /// <remarks>Answers already queued still apply, in order, to what was held when they arrived.</remarks>
    public void RemoveHandle(int handle)
    {
        foreach (var key in _lanes.Keys)
        {
            if (key.Handle == handle)
            {
                _lanes.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Drops every value (call when the session closes).</summary>
    public void Clear() => _lanes.Clear();
}
