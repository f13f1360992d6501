using System;
using System.Text;

namespace QixGen.Delta;

/// <summary>One validated operation of a JSON Patch (RFC 6902 section 4), read before any is applied.</summary>
internal sealed class JsonPatchOperation
{
    private readonly JsonPointerDialect _dialect;
    private JsonPointer? _path;
    private string? _pathText;

    /// <summary>
    /// An operation whose path <paramref name="pathUtf8"/> (unescaped UTF-8, a slice of the patch like
    /// <paramref name="value"/>) passed <see cref="JsonPointer.Check"/>: decoded and parsed only if needed.
    /// </summary>
    public JsonPatchOperation(int index, JsonPatchOperationKind kind, string name, ReadOnlyMemory<byte> pathUtf8, JsonPointerDialect dialect, JsonPointer? from, ReadOnlyMemory<byte> value)
    {
        Index = index;
        Kind = kind;
        Name = name;
        PathUtf8 = pathUtf8;
        _dialect = dialect;
        From = from;
        Value = value;
    }

    /// <summary>The operation's position in the patch.</summary>
    public int Index { get; }

    /// <summary>What the operation does.</summary>
    public JsonPatchOperationKind Kind { get; }

    /// <summary>The <c>op</c> member as written.</summary>
    public string Name { get; }

    /// <summary>The <c>path</c> member, parsed on first use (a spliced patch never needs it).</summary>
    public JsonPointer Path => _path ??= JsonPointer.TryParse(PathText, _dialect, out _)!;

    /// <summary>The <c>path</c> member, unescaped (decoded on first use: a spliced patch never needs it).</summary>
    public string PathText => _pathText ??= Encoding.UTF8.GetString(PathUtf8.ToArray());

    /// <summary>The <c>path</c> member, unescaped, as UTF-8: a slice of the patch, valid while the patch is applied.</summary>
    public ReadOnlyMemory<byte> PathUtf8 { get; }

    /// <summary>The <c>from</c> member (move and copy only).</summary>
    public JsonPointer? From { get; }

    /// <summary>
    /// The <c>value</c> member (add, replace and test) as UTF-8 JSON, a slice of the patch as it arrived: never
    /// copied or parsed again until it is written into a result.
    /// </summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Whether this operation sets the whole document (add or replace at the root).</summary>
    public bool SetsWholeDocument => Path.IsRoot && (Kind == JsonPatchOperationKind.Add || Kind == JsonPatchOperationKind.Replace);

    /// <summary>An exception for this operation failing.</summary>
    public JsonPatchException Fail(string reason, Exception? innerException = null) =>
        new JsonPatchException(Index, Name, PathText, reason, innerException);

    /// <summary>Operation names are case-sensitive (RFC 6902 section 4 lists them in lower case only).</summary>
    public static JsonPatchOperationKind? KindOf(string name)
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
