using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using QixGen.Serialization;

namespace QixGen.Delta;

/// <summary>
/// The client side of the engine's delta protocol: the last full value of every out value received with
/// <c>"delta": true</c>, keyed by (handle, method, out key), and the patching of each new answer against it.
/// Thread-safe. Patches are read in the Qlik dialect (<see cref="JsonPointerDialect.QlikEngine"/>): a path
/// of <c>"/"</c> means the whole value, which is how the engine sends a first full value.
/// </summary>
/// <remarks>
/// Patches for one key must be applied in the order the engine sent them (the session's receive order);
/// each is against the value the previous one produced. A patch that fails (malformed, a path that does not
/// resolve, a failed <c>test</c>) throws for that call and drops the entry, so no wrong value is kept: the
/// next answer for that key must again carry a whole value.
/// </remarks>
public sealed class DeltaStore
{
    private readonly ConcurrentDictionary<(int Handle, string Method, string OutKey), Entry> _entries =
        new ConcurrentDictionary<(int Handle, string Method, string OutKey), Entry>();

    /// <summary>How many values are held.</summary>
    public int Count => _entries.Count;

    /// <summary>Applies one out value's patch and returns the full value.</summary>
    /// <param name="handle">The handle the method was called on.</param>
    /// <param name="method">The method's wire name (e.g. <c>GetLayout</c>).</param>
    /// <param name="outKey">The out value's key in the result (e.g. <c>qLayout</c>).</param>
    /// <param name="patchJson">The out value as the engine sent it: a UTF-8 JSON Patch array.</param>
    /// <returns>The full value after the patch, compact UTF-8 JSON in a new array (never shared).</returns>
    /// <exception cref="JsonPatchException">The patch is malformed or does not apply; the entry has been dropped.</exception>
    public byte[] Apply(int handle, string method, string outKey, ReadOnlySpan<byte> patchJson)
    {
        if (method is null)
        {
            throw new ArgumentNullException(nameof(method));
        }

        if (outKey is null)
        {
            throw new ArgumentNullException(nameof(outKey));
        }

        var key = (handle, method, outKey);
        JsonPatchOperation[] operations;
        try
        {
            operations = JsonPatch.ReadOperations(patchJson, JsonPointerDialect.QlikEngine);
        }
        catch (JsonPatchException e)
        {
            Drop(key);
            throw InContext(key, e);
        }

        while (true)
        {
            var entry = _entries.GetOrAdd(key, _ => new Entry());
            lock (entry)
            {
                if (entry.Dropped)
                {
                    // Dropped by another thread between the lookup and the lock: start again on a fresh entry.
                    continue;
                }

                return ApplyToEntry(key, entry, operations);
            }
        }
    }

    /// <summary>
    /// Rewrites a whole delta <c>result</c> object (every property value a patch array) into the same object
    /// with full values, ready for the generated result readers.
    /// </summary>
    /// <param name="handle">The handle the method was called on.</param>
    /// <param name="method">The method's wire name.</param>
    /// <param name="deltaResultJson">The raw <c>result</c> object of a response with <c>"delta": true</c>.</param>
    /// <returns>The result object with each patch replaced by the full value, UTF-8 JSON in a new array.</returns>
    /// <exception cref="JsonPatchException">
    /// The result is not an object of patches, or a patch did not apply. Every other out value is still
    /// applied (the engine already counts them as delivered); the failing ones are dropped.
    /// </exception>
    public byte[] ApplyResult(int handle, string method, ReadOnlySpan<byte> deltaResultJson)
    {
        if (method is null)
        {
            throw new ArgumentNullException(nameof(method));
        }

        using var buffer = new PooledBufferWriter(Math.Max(256, deltaResultJson.Length * 2));
        JsonPatchException? firstFailure = null;
        try
        {
            using var writer = new Utf8JsonWriter(buffer, QixJson.WriterOptions);
            var reader = new Utf8JsonReader(deltaResultJson, QixJson.ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("the delta result is not an object");
            }

            writer.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var outKey = reader.GetString()!;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var patch = deltaResultJson.Slice(start, (int)reader.BytesConsumed - start);
                writer.WritePropertyName(outKey);
                try
                {
                    writer.WriteRawValue(Apply(handle, method, outKey, patch), skipInputValidation: true);
                }
                catch (JsonPatchException e)
                {
                    firstFailure ??= e;
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndObject();
        }
        catch (JsonException e)
        {
            // Which out values the engine sent is unknown, so none of this method's values can be trusted.
            DropMethod(handle, method);
            throw new JsonPatchException(-1, null, null, $"delta result of {method} on handle {handle} is not valid JSON: {e.Message}", e);
        }

        if (firstFailure is not null)
        {
            throw firstFailure;
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Drops every value held for <paramref name="handle"/> (call when the engine closes the handle).</summary>
    /// <param name="handle">The closed handle.</param>
    public void RemoveHandle(int handle) => DropWhere(key => key.Handle == handle);

    /// <summary>Drops every value (call when the session closes).</summary>
    public void Clear() => DropWhere(_ => true);

    private byte[] ApplyToEntry((int Handle, string Method, string OutKey) key, Entry entry, JsonPatchOperation[] operations)
    {
        if (!entry.HasValue && (operations.Length == 0 || !operations[0].SetsWholeDocument))
        {
            Drop(key, entry);
            throw InContext(key, new JsonPatchException(
                operations.Length == 0 ? -1 : 0,
                operations.Length == 0 ? null : operations[0].Name,
                operations.Length == 0 ? null : operations[0].Path.Text,
                "no previous value is held, so the patch must start by setting the whole value (add or replace at \"/\")"));
        }

        // The entry's tree is changed in place (no copy); on failure it is dropped, so a half-applied tree never survives.
        var value = entry.Value;
        try
        {
            JsonPatch.ApplyInPlace(ref value, operations);
        }
        catch (JsonPatchException e)
        {
            Drop(key, entry);
            throw InContext(key, e);
        }

        entry.Value = value;
        entry.HasValue = true;
        return JsonNodeText.ToUtf8(value);
    }

    private void Drop((int Handle, string Method, string OutKey) key)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            lock (entry)
            {
                Drop(key, entry);
            }
        }
    }

    /// <summary>Marks <paramref name="entry"/> dropped and removes it, only if it is still the one stored. Caller holds its lock.</summary>
    private void Drop((int Handle, string Method, string OutKey) key, Entry entry)
    {
        entry.Dropped = true;
        entry.Value = null;
        ((ICollection<KeyValuePair<(int, string, string), Entry>>)_entries).Remove(
            new KeyValuePair<(int, string, string), Entry>(key, entry));
    }

    private void DropMethod(int handle, string method) =>
        DropWhere(key => key.Handle == handle && string.Equals(key.Method, method, StringComparison.Ordinal));

    private void DropWhere(Func<(int Handle, string Method, string OutKey), bool> predicate)
    {
        foreach (var pair in _entries)
        {
            if (predicate(pair.Key))
            {
                lock (pair.Value)
                {
                    Drop(pair.Key, pair.Value);
                }
            }
        }
    }

    private static JsonPatchException InContext((int Handle, string Method, string OutKey) key, JsonPatchException e) =>
        new JsonPatchException(
            e.OperationIndex,
            e.Operation,
            e.Path,
            $"delta for {key.Method} \"{key.OutKey}\" on handle {key.Handle}: {e.Reason}",
            e);

    /// <summary>One held value. Locked while a patch is applied to it; <see cref="Dropped"/> once it left the store.</summary>
    private sealed class Entry
    {
        public JsonNode? Value;
        public bool HasValue;
        public bool Dropped;
    }
}
