using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace QixGen.Delta;

/// <summary>
/// The values held for one (handle, method) and the answers queued for it. Answers are queued in arrival order
/// under a lock held only to queue and dequeue (never while a patch is applied, so the receive loop never waits for
/// one), and applied in that order by whichever caller needs one first.
/// </summary>
internal sealed class DeltaLane
{
    private static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions { MaxDepth = 512 };
    private static readonly ReadOnlyMemory<byte> JsonNull = new byte[] { (byte)'n', (byte)'u', (byte)'l', (byte)'l' };

    private readonly int _handle;
    private readonly string _method;

    // Applying answers locks the lane itself (an internal object nobody else locks; no lock object per lane): held
    // while patches are applied, pure CPU work on bytes already received (no I/O, no user code), so a caller waiting
    // there waits at most for the answers queued before its own. It guards the held values and _last. The queue
    // (_head, _tail) is guarded by the store's QueueLock, held only to link or unlink an answer, so the receive loop
    // never waits for a patch.

    /// <summary>The answers not applied yet, oldest first, linked through <see cref="DeltaAnswer.Next"/>; guarded by <see cref="DeltaStore.QueueLock"/>.</summary>
    private DeltaAnswer? _head;
    private DeltaAnswer? _tail;

    /// <summary>The held values by out key: slices of the result they came in (an exact-size array: a lane is held per object).</summary>
    private HeldValue[] _held = Array.Empty<HeldValue>();

    /// <summary>
    /// The last whole result while every held value is a slice of it, in its order, unchanged since: handed out again
    /// for an empty patch, and rewritten in place by a splice while the lane is its only holder. Null otherwise.
    /// </summary>
    private SharedResult? _last;

    /// <summary>
    /// The result <see cref="_last"/> named before the answer being applied, held until that answer is applied: the
    /// answer's patches may still read it (a planned splice) after the lane let go of it. Per thread, since one thread
    /// applies one answer at a time, so a lane holds no field for it.
    /// </summary>
    [ThreadStatic]
    private static SharedResult? t_retired;

    /// <summary>The out values of the answer being applied (one thread applies at a time per lane; kept per thread so an idle lane holds none).</summary>
    [ThreadStatic]
    private static List<OutValue>? t_outValues;

    public DeltaLane(int handle, string method)
    {
        _handle = handle;
        _method = method;
    }

    public int HeldCount
    {
        get
        {
            lock (this)
            {
                return _held.Length;
            }
        }
    }

    public void Enqueue(DeltaAnswer answer)
    {
        lock (answer.Store.QueueLock)
        {
            if (_tail is null)
            {
                _head = answer;
            }
            else
            {
                _tail.Next = answer;
            }

            _tail = answer;
        }
    }

    /// <summary>Whether an answer is queued behind the one being applied (its result will not be held for long).</summary>
    private bool HasQueued(DeltaStore store)
    {
        lock (store.QueueLock)
        {
            return _head is not null;
        }
    }

    private DeltaAnswer? Dequeue(DeltaStore store)
    {
        lock (store.QueueLock)
        {
            var head = _head;
            if (head is not null)
            {
                _head = head.Next;
                head.Next = null;
                if (_head is null)
                {
                    _tail = null;
                }
            }

            return head;
        }
    }

    /// <summary>Applies the queued answers in order up to and including <paramref name="answer"/>.</summary>
    public void ApplyThrough(DeltaAnswer answer)
    {
        if (answer.IsDone)
        {
            return;
        }

        lock (this)
        {
            while (!answer.IsDone && Dequeue(answer.Store) is { } next)
            {
                next.ApplyLocked();
                t_retired?.RemoveHolder();
                t_retired = null;
            }
        }
    }

    /// <summary>Applies one out value's patch; returns the full value (held, shared).</summary>
    public ReadOnlyMemory<byte> ApplyValueLocked(string outKey, ReadOnlyMemory<byte> patchJson)
    {
        SetLast(null);
        JsonPatchOperation[] operations;
        try
        {
            operations = JsonPatchReader.Read(patchJson, JsonPointerDialect.QlikEngine);
        }
        catch (JsonPatchException e)
        {
            Drop(outKey);
            throw InContext(outKey, e);
        }

        var value = Patch(outKey, operations);
        var bytes = new byte[value.MeasureLength()];
        value.Write(bytes);
        Hold(outKey, bytes);
        return bytes;
    }

    /// <summary>
    /// Rewrites a delta <c>result</c> object into the full result (held, shared; the caller adds itself as a holder);
    /// see <see cref="DeltaStore.ApplyResult"/>.
    /// </summary>
    public SharedResult ApplyResultLocked(ReadOnlyMemory<byte> resultJson, DeltaStore store)
    {
        var outValues = t_outValues ?? new List<OutValue>(1);
        t_outValues = null;
        try
        {
            return ApplyResultLocked(resultJson, outValues, store);
        }
        finally
        {
            outValues.Clear();
            t_outValues = outValues;
        }
    }

    private SharedResult ApplyResultLocked(ReadOnlyMemory<byte> resultJson, List<OutValue> outValues, DeltaStore store)
    {
        try
        {
            var reader = new Utf8JsonReader(resultJson.Span, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("the delta result is not an object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = resultJson.Slice((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2);
                var key = HeldKey(ref reader) ?? reader.GetString()!;
                reader.Read();
                var outValue = new OutValue { Key = key, Name = name };
                try
                {
                    outValue.Operations = JsonPatchReader.Read(ref reader, resultJson, JsonPointerDialect.QlikEngine);
                }
                catch (JsonPatchException e)
                {
                    outValue.Failure = InContext(key, e);
                }

                outValues.Add(outValue);
            }

            if (reader.Read())
            {
                throw new JsonException($"unexpected data after the result object at byte {reader.TokenStartIndex}");
            }
        }
        catch (JsonException e)
        {
            // Which out values the engine sent is unknown, so none of this method's values can be trusted.
            _held = Array.Empty<HeldValue>();
            SetLast(null);
            throw new JsonPatchException(-1, null, null, $"delta result of {_method} on handle {_handle} is not valid JSON: {e.Message}", e);
        }

        if (_last is { } last && AreHeldValues(outValues))
        {
            // A rented array (up to twice the result) is not kept as the held state: an answer with none behind it goes
            // into an array of its own.
            var replacedSoon = HasQueued(store);
            if (AllEmpty(outValues))
            {
                return last.IsPooled && !replacedSoon ? MoveToOwnArray(last) : last;
            }

            var grew = false;
            if ((replacedSoon || !last.IsPooled) && TryRewriteInPlace(last, outValues, out grew))
            {
                return last;
            }

            return Compose(outValues, roomToGrow: grew, replacedSoon ? store.Pool : null);
        }

        return Compose(outValues, roomToGrow: false, pool: null);
    }

    /// <summary>Copies <paramref name="last"/> from its rented array into one of its own, which becomes the last result.</summary>
    private SharedResult MoveToOwnArray(SharedResult last)
    {
        var copy = new SharedResult(last.Memory.ToArray(), last.Length);
        for (var i = 0; i < _held.Length; i++)
        {
            _held[i] = new HeldValue(_held[i].Key, new ReadOnlyMemory<byte>(copy.Buffer, OffsetOf(_held[i].Value), _held[i].Value.Length));
        }

        SetLast(copy);
        return copy;
    }

    /// <summary>Whether the out values are the held ones, in the same order (then they are those of <see cref="_last"/>).</summary>
    private bool AreHeldValues(List<OutValue> outValues)
    {
        if (outValues.Count != _held.Length)
        {
            return false;
        }

        for (var i = 0; i < outValues.Count; i++)
        {
            if (!string.Equals(outValues[i].Key, _held[i].Key, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllEmpty(List<OutValue> outValues)
    {
        foreach (var outValue in outValues)
        {
            if (outValue.Operations is not { Length: 0 })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Splices every patch into <paramref name="last"/>'s own bytes when nobody else reads them, every patch is a
    /// splice (<see cref="JsonSplice"/>) and the result fits its array: the engine's usual answer, applied without a
    /// new array. <paramref name="grew"/>: it did not fit because it got longer. The splices planned stay in
    /// <paramref name="outValues"/> for <see cref="Compose"/>.
    /// </summary>
    private bool TryRewriteInPlace(SharedResult last, List<OutValue> outValues, out bool grew)
    {
        grew = false;
        if (!last.HeldOnlyByLane)
        {
            return false;
        }

        var length = last.Length;
        var longest = length;
        for (var i = 0; i < outValues.Count; i++)
        {
            var outValue = outValues[i];
            if (outValue.Operations is not { } operations)
            {
                return false;
            }

            if (operations.Length == 0)
            {
                continue;
            }

            if (JsonSplice.TryPlan(_held[i].Value, operations) is not { } splice)
            {
                return false;
            }

            outValue.Patched = splice;
            outValues[i] = outValue;
            length += splice.LengthChange;
            longest = Math.Max(longest, length);
        }

        // Each value is rewritten in turn, so the result must fit the array after each; one that shrank to less than
        // half its array gets an array of its size.
        grew = longest > last.Buffer.Length;
        if (grew || length < last.Buffer.Length / 2)
        {
            return false;
        }

        var moved = 0;
        var used = last.Length;
        for (var i = 0; i < outValues.Count; i++)
        {
            var held = _held[i];
            var offset = OffsetOf(held.Value) + moved;
            var valueLength = held.Value.Length;
            if (outValues[i].Patched is JsonSplice splice)
            {
                var before = used;
                used = splice.RewriteInPlace(last.Buffer, offset, used);
                valueLength += used - before;
                moved += used - before;
            }

            _held[i] = new HeldValue(held.Key, new ReadOnlyMemory<byte>(last.Buffer, offset, valueLength));
        }

        last.Length = used;
        return true;
    }

    private static int OffsetOf(ReadOnlyMemory<byte> slice) =>
        MemoryMarshal.TryGetArray(slice, out var segment) ? segment.Offset : throw new InvalidOperationException("A held value is not in an array.");

    /// <summary>
    /// Patches every out value and writes the result object once into a new array; the held values become slices of
    /// it. <paramref name="roomToGrow"/>: the array gets some room beyond the result, so that the next patches that
    /// make it a little longer are still written in place. <paramref name="pool"/>: set when another answer of the lane
    /// is queued, so the result is held only until that one is applied: its array is rented from the pool and goes
    /// back once its caller and the lane let go (calls pipelined on one object then reuse a few arrays).
    /// </summary>
    private SharedResult Compose(List<OutValue> outValues, bool roomToGrow, ArrayPool<byte>? pool)
    {
        JsonPatchException? firstFailure = null;
        var length = 1 + outValues.Count;
        for (var i = 0; i < outValues.Count; i++)
        {
            var outValue = outValues[i];
            try
            {
                if (outValue.Failure is { } failure)
                {
                    Drop(outValue.Key);
                    throw failure;
                }

                outValue.Patched ??= Patch(outValue.Key, outValue.Operations!);
            }
            catch (JsonPatchException e)
            {
                firstFailure ??= e;
                outValue.Patched = null;
            }

            outValues[i] = outValue;
            length += outValue.Name.Length + 1 + (outValue.Patched?.MeasureLength() ?? JsonNull.Length);
        }

        length = outValues.Count == 0 ? 2 : length;

        // The held values are replaced one for one when they are the values of this result (no failure, same keys).
        // Only such a result may be in a rented array: it goes back to the pool once the lane moves on from it.
        var replaceHeld = firstFailure is null && AreHeldValues(outValues);
        pool = replaceHeld ? pool : null;
        var bytes = pool is not null ? pool.Rent(length) : new byte[roomToGrow ? length + (length / 64) + 16 : length];
        var written = 0;
        bytes[written++] = (byte)'{';
        var held = replaceHeld ? null : new List<HeldValue>(outValues.Count);
        for (var i = 0; i < outValues.Count; i++)
        {
            if (i > 0)
            {
                bytes[written++] = (byte)',';
            }

            outValues[i].Name.Span.CopyTo(bytes.AsSpan(written));
            written += outValues[i].Name.Length;
            bytes[written++] = (byte)':';
            if (outValues[i].Patched is { } value)
            {
                var start = written;
                written += value.Write(bytes.AsSpan(written));
                var heldValue = new HeldValue(outValues[i].Key, bytes.AsMemory(start, written - start));
                if (held is null)
                {
                    _held[i] = heldValue;
                }
                else
                {
                    held.Add(heldValue);
                }
            }
            else
            {
                JsonNull.Span.CopyTo(bytes.AsSpan(written));
                written += JsonNull.Length;
            }
        }

        bytes[written] = (byte)'}';
        var result = new SharedResult(bytes, length, pool);
        if (held is null)
        {
            SetLast(result);
            return result;
        }

        // Values of this method not in this result stay as they were.
        foreach (var old in _held)
        {
            if (!Contains(outValues, old.Key))
            {
                held.Add(old);
            }
        }

        _held = held.ToArray();
        SetLast(firstFailure is null && held.Count == outValues.Count ? result : null);
        if (firstFailure is not null)
        {
            throw firstFailure;
        }

        return result;
    }

    /// <summary>
    /// Makes <paramref name="result"/> the one <see cref="_last"/> names; the lane holds it while it does. Set to a
    /// result, every held value is a slice of it; set to null, held values in a rented array are copied out first.
    /// </summary>
    private void SetLast(SharedResult? result)
    {
        if (ReferenceEquals(result, _last))
        {
            return;
        }

        var previous = _last;
        if (result is null && previous is { IsPooled: true })
        {
            for (var i = 0; i < _held.Length; i++)
            {
                if (MemoryMarshal.TryGetArray(_held[i].Value, out var segment) && ReferenceEquals(segment.Array, previous.Buffer))
                {
                    _held[i] = new HeldValue(_held[i].Key, _held[i].Value.ToArray());
                }
            }
        }

        result?.AddHolder();
        _last = result;
        if (previous is not null)
        {
            // Let go of once this answer is applied (at most one per answer: after a null, only a new result is set).
            t_retired?.RemoveHolder();
            t_retired = previous;
        }
    }

    private static bool Contains(List<OutValue> outValues, string key)
    {
        foreach (var outValue in outValues)
        {
            if (string.Equals(outValue.Key, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Applies <paramref name="operations"/> to the value held for <paramref name="outKey"/>; drops it on failure. A
    /// patch of replaces on distinct existing values is spliced into the held bytes; any other goes through <see cref="JsonPatch"/>.
    /// </summary>
    private IJsonPatchedValue Patch(string outKey, JsonPatchOperation[] operations)
    {
        var index = IndexOf(outKey);
        if (index < 0 && (operations.Length == 0 || !operations[0].SetsWholeDocument))
        {
            throw InContext(outKey, new JsonPatchException(
                operations.Length == 0 ? -1 : 0,
                operations.Length == 0 ? null : operations[0].Name,
                operations.Length == 0 ? null : operations[0].Path.Text,
                "no previous value is held, so the patch must start by setting the whole value (add or replace at \"/\")"));
        }

        if (index >= 0 && JsonSplice.TryPlan(_held[index].Value, operations) is { } splice)
        {
            return splice;
        }

        var value = JsonPatchNode.FromValue(index < 0 ? JsonNull : _held[index].Value);
        try
        {
            JsonPatch.ApplyInPlace(ref value, operations);
            return value;
        }
        catch (JsonPatchException e)
        {
            Drop(outKey);
            throw InContext(outKey, e);
        }
    }

    private void Hold(string outKey, ReadOnlyMemory<byte> value)
    {
        var index = IndexOf(outKey);
        if (index < 0)
        {
            index = _held.Length;
            Array.Resize(ref _held, index + 1);
        }

        _held[index] = new HeldValue(outKey, value);
    }

    private void Drop(string outKey)
    {
        SetLast(null);
        var index = IndexOf(outKey);
        if (index >= 0)
        {
            var held = new List<HeldValue>(_held);
            held.RemoveAt(index);
            _held = held.ToArray();
        }
    }

    private int IndexOf(string outKey)
    {
        for (var i = 0; i < _held.Length; i++)
        {
            if (string.Equals(_held[i].Key, outKey, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The held key the reader's property name spells, so the name is not decoded again for every answer.</summary>
    private string? HeldKey(ref Utf8JsonReader reader)
    {
        foreach (var held in _held)
        {
            if (reader.ValueTextEquals(held.Key))
            {
                return held.Key;
            }
        }

        return null;
    }

    private JsonPatchException InContext(string outKey, JsonPatchException e) =>
        new JsonPatchException(
            e.OperationIndex,
            e.Operation,
            e.Path,
            $"delta for {_method} \"{outKey}\" on handle {_handle}: {e.Reason}",
            e);

    private readonly struct HeldValue
    {
        public HeldValue(string key, ReadOnlyMemory<byte> value)
        {
            Key = key;
            Value = value;
        }

        public string Key { get; }

        public ReadOnlyMemory<byte> Value { get; }
    }

    /// <summary>One property of a delta result: its key, its name as written, its patch (or why it is unreadable), and the value patched.</summary>
    private struct OutValue
    {
        public string Key;
        public ReadOnlyMemory<byte> Name;
        public JsonPatchOperation[]? Operations;
        public JsonPatchException? Failure;
        public IJsonPatchedValue? Patched;
    }
}
