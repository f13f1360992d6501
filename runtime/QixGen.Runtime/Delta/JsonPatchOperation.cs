using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QixGen.Delta;

/// <summary>One validated operation of a JSON Patch (RFC 6902 section 4), read before any is applied.</summary>
internal sealed class JsonPatchOperation
{
    private JsonPatchOperation(int index, JsonPatchOperationKind kind, string name, JsonPointer path, JsonPointer? from, JsonNode? value)
    {
        Index = index;
        Kind = kind;
        Name = name;
        Path = path;
        From = from;
        Value = value;
    }

    /// <summary>The operation's position in the patch.</summary>
    public int Index { get; }

    /// <summary>What the operation does.</summary>
    public JsonPatchOperationKind Kind { get; }

    /// <summary>The <c>op</c> member as written.</summary>
    public string Name { get; }

    /// <summary>The <c>path</c> member.</summary>
    public JsonPointer Path { get; }

    /// <summary>The <c>from</c> member (move and copy only).</summary>
    public JsonPointer? From { get; }

    /// <summary>
    /// The <c>value</c> member (add, replace and test). For add and replace it has no parent, so it can be
    /// placed in the document as it is.
    /// </summary>
    public JsonNode? Value { get; }

    /// <summary>Whether this operation sets the whole document (add or replace at the root).</summary>
    public bool SetsWholeDocument => Path.IsRoot && (Kind == JsonPatchOperationKind.Add || Kind == JsonPatchOperationKind.Replace);

    /// <summary>An exception for this operation failing.</summary>
    public JsonPatchException Fail(string reason, Exception? innerException = null) =>
        new JsonPatchException(Index, Name, Path.Text, reason, innerException);

    /// <summary>
    /// Validates one element of a patch array. <paramref name="ownsPatch"/>: the patch tree is ours to take
    /// values from (they are detached, not copied); otherwise add and replace values are deep-copied.
    /// </summary>
    public static JsonPatchOperation Read(JsonNode? element, int index, JsonPointerDialect dialect, bool ownsPatch)
    {
        if (element is not JsonObject obj)
        {
            throw new JsonPatchException(index, null, null, $"an operation must be an object, not {JsonNodeText.Describe(element)}");
        }

        var name = ReadString(obj, "op", index, null, null)
            ?? throw new JsonPatchException(index, null, null, "the operation has no \"op\" member");
        var kind = KindOf(name) ?? throw new JsonPatchException(index, name, null, $"\"{name}\" is not a JSON Patch operation");
        var pathText = ReadString(obj, "path", index, name, null)
            ?? throw new JsonPatchException(index, name, null, "the operation has no \"path\" member");
        var path = JsonPointer.TryParse(pathText, dialect, out var pathError)
            ?? throw new JsonPatchException(index, name, pathText, pathError!);

        JsonPointer? from = null;
        if (kind == JsonPatchOperationKind.Move || kind == JsonPatchOperationKind.Copy)
        {
            var fromText = ReadString(obj, "from", index, name, pathText)
                ?? throw new JsonPatchException(index, name, pathText, "the operation has no \"from\" member");
            from = JsonPointer.TryParse(fromText, dialect, out var fromError)
                ?? throw new JsonPatchException(index, name, pathText, "\"from\": " + fromError);
        }

        JsonNode? value = null;
        if (kind == JsonPatchOperationKind.Add || kind == JsonPatchOperationKind.Replace || kind == JsonPatchOperationKind.Test)
        {
            // A member whose value is JSON null is present: TryGetPropertyValue tells the two apart.
            if (!obj.TryGetPropertyValue("value", out value))
            {
                throw new JsonPatchException(index, name, pathText, "the operation has no \"value\" member");
            }

            if (kind != JsonPatchOperationKind.Test && value is not null)
            {
                if (ownsPatch)
                {
                    obj.Remove("value");
                }
                else
                {
                    value = value.DeepClone();
                }
            }
        }

        return new JsonPatchOperation(index, kind, name, path, from, value);
    }

    private static string? ReadString(JsonObject obj, string member, int index, string? name, string? path)
    {
        if (!obj.TryGetPropertyValue(member, out var node))
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        throw new JsonPatchException(index, name, path, $"\"{member}\" must be a string, not {JsonNodeText.Describe(node)}");
    }

    /// <summary>Operation names are case-sensitive (RFC 6902 section 4 lists them in lower case only).</summary>
    private static JsonPatchOperationKind? KindOf(string name)
    {
        switch (name)
        {
            case "add": return JsonPatchOperationKind.Add;
            case "remove": return JsonPatchOperationKind.Remove;
            case "replace": return JsonPatchOperationKind.Replace;
            case "move": return JsonPatchOperationKind.Move;
            case "copy": return JsonPatchOperationKind.Copy;
            case "test": return JsonPatchOperationKind.Test;
            default: return null;
        }
    }
}
