using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QixGen.Delta;

/// <summary>
/// Applies JSON Patch documents (RFC 6902, with JSON Pointers per RFC 6901): <c>add</c>, <c>remove</c>,
/// <c>replace</c>, <c>move</c>, <c>copy</c> and <c>test</c>. A patch applies whole or not at all: on any
/// error a <see cref="JsonPatchException"/> names the failing operation and the input is left as it was.
/// </summary>
/// <remarks>
/// The document is patched as UTF-8 bytes (<see cref="JsonPatchNode"/>): only the containers on the operations'
/// paths are opened, up to their targets; everything else is copied into the result as it is.
/// </remarks>
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
        JsonPatchNode document;
        try
        {
            document = JsonPatchNode.FromValue(Compact(documentJson));
        }
        catch (JsonException e)
        {
            throw new JsonPatchException(-1, null, null, "the target document is not valid JSON: " + e.Message, e);
        }

        var operations = JsonPatchReader.Read(patchJson.ToArray(), dialect);
        ApplyInPlace(ref document, operations);
        return document.ToArray();
    }

    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="document"/>.</summary>
    /// <param name="document">The target document (JSON <c>null</c> is <see langword="null"/>); not changed.</param>
    /// <param name="patch">The patch: a <see cref="JsonArray"/> of operations; not changed.</param>
    /// <param name="dialect">How pointers are read; <see cref="JsonPointerDialect.Rfc6901"/> unless the patch comes from the Qlik engine.</param>
    /// <returns>The patched document: a new tree that shares no node with either argument.</returns>
    /// <exception cref="JsonPatchException">The patch is malformed or an operation failed.</exception>
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch, JsonPointerDialect dialect = JsonPointerDialect.Rfc6901) =>
        JsonNodeText.Parse(Apply(JsonNodeText.ToUtf8(document), JsonNodeText.ToUtf8(patch), dialect));

    /// <summary>
    /// Applies <paramref name="operations"/> to <paramref name="document"/> in place, in order. On failure the
    /// document may be partly changed: callers apply to a node they own and drop it on failure.
    /// </summary>
    internal static void ApplyInPlace(ref JsonPatchNode document, JsonPatchOperation[] operations)
    {
        foreach (var operation in operations)
        {
            try
            {
                ApplyOne(ref document, operation);
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is JsonException)
            {
                throw operation.Fail(e.Message, e);
            }
        }
    }

    /// <summary>A document checked as JSON and without whitespace around it (whitespace inside is kept).</summary>
    private static byte[] Compact(ReadOnlySpan<byte> documentJson)
    {
        var reader = new Utf8JsonReader(documentJson, new JsonReaderOptions { MaxDepth = 512 });
        if (!reader.Read())
        {
            throw new JsonException("the document is empty");
        }

        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var end = (int)reader.BytesConsumed;
        if (reader.Read())
        {
            throw new JsonException($"unexpected data after the value at byte {reader.TokenStartIndex}");
        }

        return documentJson.Slice(start, end - start).ToArray();
    }

    private static void ApplyOne(ref JsonPatchNode document, JsonPatchOperation operation)
    {
        switch (operation.Kind)
        {
            case JsonPatchOperationKind.Add:
                Add(ref document, operation.Path, JsonPatchNode.FromValue(operation.Value), operation);
                break;
            case JsonPatchOperationKind.Remove:
                Remove(document, operation.Path, operation);
                break;
            case JsonPatchOperationKind.Replace:
                Replace(ref document, operation.Path, JsonPatchNode.FromValue(operation.Value), operation);
                break;
            case JsonPatchOperationKind.Move:
                Move(ref document, operation);
                break;
            case JsonPatchOperationKind.Copy:
                var source = Get(document, operation.From!, operation, "\"from\": ");
                Add(ref document, operation.Path, source.DeepCopy(), operation);
                break;
            case JsonPatchOperationKind.Test:
                var actual = Get(document, operation.Path, operation, "");
                if (!JsonEquality.DeepEquals(JsonNodeText.Parse(actual.ToArray()), JsonNodeText.Parse(operation.Value.Span)))
                {
                    throw operation.Fail("the value at the path is not equal to the tested value");
                }

                break;
        }
    }

    /// <summary>RFC 6902 4.1: into an object member (replacing one there), or inserted into an array at an index up to its length or "-".</summary>
    private static void Add(ref JsonPatchNode document, JsonPointer path, JsonPatchNode value, JsonPatchOperation operation)
    {
        if (path.IsRoot)
        {
            document = value;
            return;
        }

        var parent = Parent(document, path, operation, "");
        var token = path.LastToken;
        switch (parent.Kind)
        {
            case JsonValueKind.Object:
                var member = parent.FindMember(token, path.Utf8Token(path.Tokens.Length - 1));
                if (member >= 0)
                {
                    parent.SetChild(member, value);
                }
                else
                {
                    parent.AppendMember(token, value);
                }

                break;
            case JsonValueKind.Array:
                if (token == "-")
                {
                    parent.AppendElement(value);
                    break;
                }

                if (!JsonPointer.TryParseArrayIndex(token.AsSpan(), out var index))
                {
                    throw operation.Fail($"\"{token}\" is not an array index");
                }

                if (index > 0 && !parent.HasElement(index - 1))
                {
                    throw operation.Fail($"array index {token} is out of range for add (the array has {parent.ArrayCount()} elements)");
                }

                parent.InsertElement(index, value);
                break;
            default:
                throw operation.Fail($"the parent is {parent.Describe()}, not an object or array");
        }
    }

    /// <summary>RFC 6902 4.2: the target must exist. Returns the removed value, detached.</summary>
    private static JsonPatchNode Remove(JsonPatchNode document, JsonPointer path, JsonPatchOperation operation, string pointerName = "")
    {
        if (path.IsRoot)
        {
            throw operation.Fail(pointerName + "the whole document cannot be removed");
        }

        var parent = Parent(document, path, operation, pointerName);
        if (!path.TryFindChild(parent, path.Tokens.Length - 1, out var index, out var error))
        {
            throw operation.Fail(pointerName + error);
        }

        return parent.RemoveChild(index);
    }

    /// <summary>RFC 6902 4.3: the target must exist; its value is replaced in place.</summary>
    private static void Replace(ref JsonPatchNode document, JsonPointer path, JsonPatchNode value, JsonPatchOperation operation)
    {
        if (path.IsRoot)
        {
            document = value;
            return;
        }

        var parent = Parent(document, path, operation, "");
        if (!path.TryFindChild(parent, path.Tokens.Length - 1, out var index, out var error))
        {
            throw operation.Fail(error!);
        }

        parent.SetChild(index, value);
    }

    /// <summary>RFC 6902 4.4: a remove at "from" then an add at "path"; "from" must not be an ancestor of "path".</summary>
    private static void Move(ref JsonPatchNode document, JsonPatchOperation operation)
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

    private static JsonPatchNode Get(JsonPatchNode document, JsonPointer pointer, JsonPatchOperation operation, string pointerName)
    {
        if (!pointer.TryResolve(document, pointer.Tokens.Length, out var node, out var error))
        {
            throw operation.Fail(pointerName + error);
        }

        return node;
    }

    private static JsonPatchNode Parent(JsonPatchNode document, JsonPointer pointer, JsonPatchOperation operation, string pointerName)
    {
        if (!pointer.TryResolve(document, pointer.Tokens.Length - 1, out var parent, out var error))
        {
            throw operation.Fail(pointerName + error);
        }

        return parent;
    }
}
