using System.Text.Json;
using System.Text.Json.Nodes;
using QixGen.Testing.Protocol;

namespace QixGen.Testing.Objects;

/// <summary>Resolves and edits properties by JSON Pointer (qPath of hypercube methods, NxPatch.qPath).</summary>
internal static class JsonPointerPath
{
    public static JsonObject ResolveObject(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
        }

        return node as JsonObject ?? throw QixRpcException.InvalidPath(path);
    }

    /// <summary>Applies one NxPatch (qOp add/replace/remove, qValue as JSON text) to properties.</summary>
    public static void Apply(JsonObject root, string op, string path, string? valueJson)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            throw QixRpcException.InvalidPath(path);
        }

        JsonNode parent = root;
        for (var i = 0; i < tokens.Length - 1; i++)
        {
            var next = parent switch
            {
                JsonObject o => o[tokens[i]],
                JsonArray a when int.TryParse(tokens[i], out var idx) && idx >= 0 && idx < a.Count => a[idx],
                _ => null,
            };
            if (next is null && parent is JsonObject creating && !op.Equals("remove", System.StringComparison.OrdinalIgnoreCase))
            {
                next = new JsonObject();
                creating[tokens[i]] = next;
            }

            parent = next ?? throw QixRpcException.InvalidPath(path);
        }

        var last = tokens[^1];
        JsonNode? value = null;
        if (!op.Equals("remove", System.StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                value = JsonNode.Parse(valueJson ?? "null");
            }
            catch (JsonException)
            {
                throw QixRpcException.InvalidParameters("qValue");
            }
        }

        switch (parent)
        {
            case JsonObject o when op.Equals("remove", System.StringComparison.OrdinalIgnoreCase):
                o.Remove(last);
                break;
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-" && !op.Equals("remove", System.StringComparison.OrdinalIgnoreCase):
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var index) && index >= 0 && index <= a.Count:
                if (op.Equals("remove", System.StringComparison.OrdinalIgnoreCase))
                {
                    a.RemoveAt(index);
                }
                else if (op.Equals("add", System.StringComparison.OrdinalIgnoreCase))
                {
                    a.Insert(index, value);
                }
                else if (index < a.Count)
                {
                    a[index] = value;
                }

                break;
            default:
                throw QixRpcException.InvalidPath(path);
        }
    }

    private static string[] Tokens(string path)
    {
        var trimmed = path.Trim();
        if (trimmed.Length == 0 || trimmed == "/")
        {
            return System.Array.Empty<string>();
        }

        var parts = trimmed.TrimStart('/').Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].Replace("~1", "/").Replace("~0", "~");
        }

        return parts;
    }
}
