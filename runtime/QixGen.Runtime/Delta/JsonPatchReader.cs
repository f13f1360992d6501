using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace QixGen.Delta;

/// <summary>
/// Reads a UTF-8 JSON Patch in one pass of a <see cref="Utf8JsonReader"/>: the <c>value</c> members are kept as
/// slices of the patch (validated by that pass, never parsed again), and every operation is checked before any is
/// applied, so a malformed one fails the patch up front.
/// </summary>
internal static class JsonPatchReader
{
    [ThreadStatic]
    private static List<RawOperation>? t_raw;

    /// <summary>
    /// Reads the patch starting at <paramref name="reader"/>'s current token and leaves the reader on its last token,
    /// also when the patch is wrong. <paramref name="source"/> holds the bytes the reader reads, from its first byte.
    /// </summary>
    /// <exception cref="JsonException">The patch is not valid JSON (the reader cannot go on).</exception>
    /// <exception cref="JsonPatchException">The patch is valid JSON but not a valid patch.</exception>
    public static JsonPatchOperation[] Read(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPointerDialect dialect)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            var kind = reader.TokenType;
            reader.Skip();
            throw new JsonPatchException(-1, null, null, $"a JSON Patch must be an array of operations, not {Describe(kind)}");
        }

        // Kept per thread and cleared after use: patches are read one at a time on a thread, and the list is the
        // largest allocation of reading a short one.
        var raw = t_raw ?? new List<RawOperation>();
        t_raw = null;
        try
        {
            return Read(ref reader, source, dialect, raw);
        }
        finally
        {
            raw.Clear();
            t_raw = raw;
        }
    }

    private static JsonPatchOperation[] Read(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPointerDialect dialect, List<RawOperation> raw)
    {
        JsonPatchException? repeated = null;
        List<string>? otherNames = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var operation = new RawOperation { Element = reader.TokenType };
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                raw.Add(operation);
                continue;
            }

            otherNames?.Clear();
            var seen = Member.None;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = MemberOf(ref reader);
                string? name = null;
                if (member == Member.None)
                {
                    name = reader.GetString()!;
                    otherNames ??= new List<string>(2);
                    if (otherNames.Contains(name))
                    {
                        repeated ??= new JsonPatchException(raw.Count, null, null, $"the operation has the member \"{name}\" more than once");
                    }

                    otherNames.Add(name);
                }
                else if ((seen & member) != 0)
                {
                    repeated ??= new JsonPatchException(raw.Count, null, null, $"the operation has the member \"{reader.GetString()}\" more than once");
                }

                seen |= member;
                reader.Read();
                switch (member)
                {
                    case Member.Op:
                        operation.OpKind = reader.TokenType;
                        operation.Op = (reader.TokenType == JsonTokenType.String ? KnownOperationName(ref reader) : null)
                            ?? ReadString(ref reader, out operation.OpKind);
                        break;
                    case Member.Path:
                        operation.PathKind = reader.TokenType;
                        operation.Path = ReadUtf8(ref reader, source);
                        break;
                    case Member.From:
                        operation.From = ReadString(ref reader, out operation.FromKind);
                        break;
                    case Member.Value:
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        operation.Value = source.Slice(start, (int)reader.BytesConsumed - start);
                        operation.HasValue = true;
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            raw.Add(operation);
        }

        if (repeated is not null)
        {
            throw repeated;
        }

        var operations = new JsonPatchOperation[raw.Count];
        for (var i = 0; i < operations.Length; i++)
        {
            operations[i] = Validate(raw[i], i, dialect);
        }

        return operations;
    }

    /// <summary>Reads a whole UTF-8 patch (nothing may follow it).</summary>
    public static JsonPatchOperation[] Read(ReadOnlyMemory<byte> patchJson, JsonPointerDialect dialect)
    {
        try
        {
            var reader = new Utf8JsonReader(patchJson.Span, new JsonReaderOptions { MaxDepth = 512 });
            reader.Read();
            var operations = Read(ref reader, patchJson, dialect);
            if (reader.Read())
            {
                throw new JsonException($"'{(char)patchJson.Span[(int)reader.TokenStartIndex]}' after the end of the patch");
            }

            return operations;
        }
        catch (JsonException e)
        {
            throw new JsonPatchException(-1, null, null, "the patch is not valid JSON: " + e.Message, e);
        }
    }

    private static JsonPatchOperation Validate(in RawOperation raw, int index, JsonPointerDialect dialect)
    {
        if (raw.Element != JsonTokenType.StartObject)
        {
            throw new JsonPatchException(index, null, null, $"an operation must be an object, not {Describe(raw.Element)}");
        }

        var name = Required(raw.Op, raw.OpKind, "op", index, null, null);
        var kind = JsonPatchOperation.KindOf(name) ?? throw new JsonPatchException(index, name, null, $"\"{name}\" is not a JSON Patch operation");
        // The path stays UTF-8 (a slice of the patch): only its kind is checked here.
        Required(raw.PathKind == JsonTokenType.String ? string.Empty : null, raw.PathKind, "path", index, name, null);
        var path = raw.Path;
        if (JsonPointer.Check(path.Span, dialect) is { } pathError)
        {
            throw new JsonPatchException(index, name, Text(path), pathError);
        }

        JsonPointer? from = null;
        if (kind == JsonPatchOperationKind.Move || kind == JsonPatchOperationKind.Copy)
        {
            var fromText = Required(raw.From, raw.FromKind, "from", index, name, Text(path));
            from = JsonPointer.TryParse(fromText, dialect, out var fromError)
                ?? throw new JsonPatchException(index, name, Text(path), "\"from\": " + fromError);
        }

        if ((kind == JsonPatchOperationKind.Add || kind == JsonPatchOperationKind.Replace || kind == JsonPatchOperationKind.Test) && !raw.HasValue)
        {
            throw new JsonPatchException(index, name, Text(path), "the operation has no \"value\" member");
        }

        return new JsonPatchOperation(index, kind, name, path, dialect, from, raw.Value);
    }

    private static string Required(string? text, JsonTokenType kind, string member, int index, string? name, string? path)
    {
        if (kind == JsonTokenType.None)
        {
            throw new JsonPatchException(index, name, path, $"the operation has no \"{member}\" member");
        }

        return text ?? throw new JsonPatchException(index, name, path, $"\"{member}\" must be a string, not {Describe(kind)}");
    }

    private static string Text(ReadOnlyMemory<byte> utf8) => Encoding.UTF8.GetString(utf8.ToArray());

    /// <summary>
    /// A string's unescaped UTF-8: a slice of <paramref name="source"/> when it has no escape (the usual case, no
    /// allocation), else a new array. Anything else is skipped (its kind tells the caller).
    /// </summary>
    private static ReadOnlyMemory<byte> ReadUtf8(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return default;
        }

        return reader.ValueIsEscaped
            ? Encoding.UTF8.GetBytes(reader.GetString()!)
            : source.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
    }

    private static string? ReadString(ref Utf8JsonReader reader, out JsonTokenType kind)
    {
        kind = reader.TokenType;
        if (kind == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>The operation name the reader is on, when it is one of RFC 6902's (not decoded again for every operation).</summary>
    private static string? KnownOperationName(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("replace"u8) ? "replace"
        : reader.ValueTextEquals("add"u8) ? "add"
        : reader.ValueTextEquals("remove"u8) ? "remove"
        : reader.ValueTextEquals("move"u8) ? "move"
        : reader.ValueTextEquals("copy"u8) ? "copy"
        : reader.ValueTextEquals("test"u8) ? "test"
        : null;

    private static Member MemberOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("op"u8) ? Member.Op
        : reader.ValueTextEquals("path"u8) ? Member.Path
        : reader.ValueTextEquals("value"u8) ? Member.Value
        : reader.ValueTextEquals("from"u8) ? Member.From
        : Member.None;

    /// <summary>"an object", "an array", ... for a value that starts with <paramref name="token"/>.</summary>
    public static string Describe(JsonTokenType token)
    {
        switch (token)
        {
            case JsonTokenType.StartObject: return "an object";
            case JsonTokenType.StartArray: return "an array";
            case JsonTokenType.String: return "a string";
            case JsonTokenType.Number: return "a number";
            case JsonTokenType.True: return "true";
            case JsonTokenType.False: return "false";
            default: return "null";
        }
    }

    [Flags]
    private enum Member
    {
        None = 0,
        Op = 1,
        Path = 2,
        From = 4,
        Value = 8,
    }

    /// <summary>What one element of the patch array held, before it is checked.</summary>
    private struct RawOperation
    {
        public JsonTokenType Element;
        public string? Op;
        public JsonTokenType OpKind;
        public ReadOnlyMemory<byte> Path;
        public JsonTokenType PathKind;
        public string? From;
        public JsonTokenType FromKind;
        public ReadOnlyMemory<byte> Value;
        public bool HasValue;
    }
}
