using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QixGen.Delta;

/// <summary>
/// Applies JSON Patch documents (RFC 6902, with JSON Pointers per RFC 6901): <c>add</c>, <c>remove</c>,
/// <c>replace</c>, <c>move</c>, <c>copy</c> and <c>test</c>. A patch applies whole or not at all: on any
/// error a <see cref="JsonPatchException"/> names the failing operation and the input is left as it was.
/// </summary>
public static class JsonPatch
{
    /// <summary>Applies <paramref name="patchJson"/> to <paramref name="documentJson"/> and returns the result as UTF-8 JSON.</summary>
    /// <param name="documentJson">The target document, UTF-8 JSON (any JSON value, including a primitive).</param>
    /// <param name="patchJson">The patch: a UTF-8 JSON array of operations.</param>
    /// <param name="dialect">How pointers are read; <see cref="JsonPointerDialect.Rfc6901"/> unless the patch comes from the Qlik engine.</param>
    /// <returns>The patched document, compact UTF-8 JSON in a new array.</returns>
    /// <exception cref="JsonPatchException">The document or patch is malformed, or an operation failed.</exception>
    public static byte[] Apply(ReadOnlySpan<byte> documentJson, ReadOnlySpan<byte> patchJson, JsonPointerDialect dialect = JsonPointerDialect.Rfc6901)
    {
        JsonNode? document;
        try
        {
            document = JsonNodeText.Parse(documentJson);
        }
        catch (JsonException e)
        {
            throw new JsonPatchException(-1, null, null, "the target document is not valid JSON: " + e.Message, e);
        }

        var operations = ReadOperations(patchJson, dialect);

        // The document was parsed here, so it is ours to change in place.
        ApplyInPlace(ref document, operations);
        return JsonNodeText.ToUtf8(document);
    }

    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="document"/>.</summary>
    /// <param name="document">The target document (JSON <c>null</c> is <see langword="null"/>); not changed.</param>
    /// <param name="patch">The patch: a <see cref="JsonArray"/> of operations; not changed.</param>
    /// <param name="dialect">How pointers are read; <see cref="JsonPointerDialect.Rfc6901"/> unless the patch comes from the Qlik engine.</param>
    /// <returns>The patched document: a new tree that shares no node with either argument.</returns>
    /// <exception cref="JsonPatchException">The patch is malformed or an operation failed.</exception>
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch, JsonPointerDialect dialect = JsonPointerDialect.Rfc6901)
    {
        var operations = ReadOperations(patch, dialect, ownsPatch: false);
        var copy = document?.DeepClone();
        ApplyInPlace(ref copy, operations);
        return copy;
    }

    /// <summary>Parses and validates a UTF-8 patch; the values of its add and replace operations are detached for use.</summary>
    internal static JsonPatchOperation[] ReadOperations(ReadOnlySpan<byte> patchJson, JsonPointerDialect dialect)
    {
        JsonNode? patch;
        try
        {
            patch = JsonNodeText.Parse(patchJson);
        }
        catch (JsonException e)
        {
            throw new JsonPatchException(-1, null, null, "the patch is not valid JSON: " + e.Message, e);
        }

        RejectRepeatedMembers(patchJson);
        return ReadOperations(patch, dialect, ownsPatch: true);
    }

    /// <summary>
    /// RFC 6902 A.13: an operation with a member named twice (<c>"op":"add", ..., "op":"remove"</c>) is invalid.
    /// A parsed tree may keep only one of the two, so the raw text is checked. Only the operation objects'
    /// own members are looked at; values are skipped.
    /// </summary>
    private static void RejectRepeatedMembers(ReadOnlySpan<byte> patchJson)
    {
        var reader = new Utf8JsonReader(patchJson, new JsonReaderOptions { MaxDepth = 512 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return;
        }

        var names = new System.Collections.Generic.List<string>(4);
        for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            names.Clear();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (names.Contains(name))
                {
                    throw new JsonPatchException(index, null, null, $"the operation has the member \"{name}\" more than once");
                }

                names.Add(name);
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Validates every operation before any is applied, so a malformed one fails the patch up front.</summary>
    internal static JsonPatchOperation[] ReadOperations(JsonNode? patch, JsonPointerDialect dialect, bool ownsPatch)
    {
        if (patch is not JsonArray array)
        {
            throw new JsonPatchException(-1, null, null, $"a JSON Patch must be an array of operations, not {JsonNodeText.Describe(patch)}");
        }

        try
        {
            var operations = new JsonPatchOperation[array.Count];
            for (var i = 0; i < operations.Length; i++)
            {
                operations[i] = JsonPatchOperation.Read(array[i], i, dialect, ownsPatch);
            }

            return operations;
        }
        catch (Exception e) when (e is ArgumentException || e is InvalidOperationException)
        {
            // JsonObject rejects, for example, an operation object with a repeated member name.
            throw new JsonPatchException(-1, null, null, "the patch cannot be read: " + e.Message, e);
        }
    }

    /// <summary>
    /// Applies <paramref name="operations"/> to <paramref name="document"/> in place, in order. On failure the
    /// document may be partly changed: callers apply to a tree they own and drop it on failure.
    /// </summary>
    internal static void ApplyInPlace(ref JsonNode? document, JsonPatchOperation[] operations)
    {
        foreach (var operation in operations)
        {
            try
            {
                ApplyOne(ref document, operation);
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException)
            {
                throw operation.Fail(e.Message, e);
            }
        }
    }

    private static void ApplyOne(ref JsonNode? document, JsonPatchOperation operation)
    {
        switch (operation.Kind)
        {
            case JsonPatchOperationKind.Add:
                Add(ref document, operation.Path, operation.Value, operation);
                break;
            case JsonPatchOperationKind.Remove:
                Remove(document, operation.Path, operation);
                break;
            case JsonPatchOperationKind.Replace:
                Replace(ref document, operation.Path, operation.Value, operation);
                break;
            case JsonPatchOperationKind.Move:
                Move(ref document, operation);
                break;
            case JsonPatchOperationKind.Copy:
                var source = Get(document, operation.From!, operation, "\"from\": ");
                Add(ref document, operation.Path, source?.DeepClone(), operation);
                break;
            case JsonPatchOperationKind.Test:
                var actual = Get(document, operation.Path, operation, "");
                if (!JsonEquality.DeepEquals(actual, operation.Value))
                {
                    throw operation.Fail("the value at the path is not equal to the tested value");
                }

                break;
        }
    }

    /// <summary>RFC 6902 4.1: into an object member (replacing one there), or inserted into an array at an index up to its length or "-".</summary>
    private static void Add(ref JsonNode? document, JsonPointer path, JsonNode? value, JsonPatchOperation operation)
    {
        if (path.IsRoot)
        {
            document = value;
            return;
        }

        var parent = Parent(document, path, operation, "");
        var token = path.LastToken;
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value;
                break;
            case JsonArray array:
                if (token == "-")
                {
                    array.Add(value);
                    break;
                }

                if (!JsonPointer.TryParseArrayIndex(token, out var index))
                {
                    throw operation.Fail($"\"{token}\" is not an array index");
                }

                if (index > array.Count)
                {
                    throw operation.Fail($"array index {token} is out of range for add (the array has {array.Count} elements)");
                }

                array.Insert(index, value);
                break;
            default:
                throw operation.Fail($"the parent is {JsonNodeText.Describe(parent)}, not an object or array");
        }
    }

    /// <summary>RFC 6902 4.2: the target must exist. Returns the removed value, detached.</summary>
    private static JsonNode? Remove(JsonNode? document, JsonPointer path, JsonPatchOperation operation, string pointerName = "")
    {
        if (path.IsRoot)
        {
            throw operation.Fail(pointerName + "the whole document cannot be removed");
        }

        var parent = Parent(document, path, operation, pointerName);
        if (!JsonPointer.TryGetChild(parent, path.LastToken, out var removed, out var error))
        {
            throw operation.Fail(pointerName + error);
        }

        if (parent is JsonObject obj)
        {
            obj.Remove(path.LastToken);
        }
        else
        {
            JsonPointer.TryParseArrayIndex(path.LastToken, out var index);
            ((JsonArray)parent!).RemoveAt(index);
        }

        return removed;
    }

    /// <summary>RFC 6902 4.3: the target must exist; its value is replaced in place.</summary>
    private static void Replace(ref JsonNode? document, JsonPointer path, JsonNode? value, JsonPatchOperation operation)
    {
        if (path.IsRoot)
        {
            document = value;
            return;
        }

        var parent = Parent(document, path, operation, "");
        if (!JsonPointer.TryGetChild(parent, path.LastToken, out _, out var error))
        {
            throw operation.Fail(error!);
        }

        if (parent is JsonObject obj)
        {
            obj[path.LastToken] = value;
        }
        else
        {
            JsonPointer.TryParseArrayIndex(path.LastToken, out var index);
            ((JsonArray)parent!)[index] = value;
        }
    }

    /// <summary>RFC 6902 4.4: a remove at "from" then an add at "path"; "from" must not be an ancestor of "path".</summary>
    private static void Move(ref JsonNode? document, JsonPatchOperation operation)
    {
        var from = operation.From!;
        if (from.IsProperPrefixOf(operation.Path))
        {
            throw operation.Fail($"cannot move \"{from.Text}\" into its own child");
        }

        if (from.IsSameLocation(operation.Path))
        {
            // A move onto itself changes nothing, but "from" must still exist.
            Get(document, from, operation, "\"from\": ");
            return;
        }

        var value = Remove(document, from, operation, "\"from\": ");
        Add(ref document, operation.Path, value, operation);
    }

    private static JsonNode? Get(JsonNode? document, JsonPointer pointer, JsonPatchOperation operation, string pointerName)
    {
        if (!pointer.TryResolve(document, pointer.Tokens.Length, out var node, out var error))
        {
            throw operation.Fail(pointerName + error);
        }

        return node;
    }

    private static JsonNode? Parent(JsonNode? document, JsonPointer pointer, JsonPatchOperation operation, string pointerName)
    {
        if (!pointer.TryResolve(document, pointer.Tokens.Length - 1, out var parent, out var error))
        {
            throw operation.Fail(pointerName + error);
        }

        return parent;
    }
}
