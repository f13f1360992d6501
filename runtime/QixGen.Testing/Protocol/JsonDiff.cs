using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace QixGen.Testing.Protocol;

/// <summary>
/// A simple RFC 6902 diff generator: unchanged subtrees produce nothing, changed objects are diffed key by key
/// (add/remove/recurse), arrays of equal length element by element, anything else is replaced whole.
/// </summary>
internal static class JsonDiff
{
    public static JsonArray Diff(JsonNode? before, JsonNode? after)
    {
        var patch = new JsonArray();
        DiffInto(patch, "", before, after);
        return patch;
    }

    private static void DiffInto(JsonArray patch, string path, JsonNode? before, JsonNode? after)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return;
        }

        if (before is JsonObject oldObject && after is JsonObject newObject)
        {
            foreach (var (key, _) in oldObject)
            {
                if (!newObject.ContainsKey(key))
                {
                    patch.Add((JsonNode)Operation("remove", path + "/" + Escape(key), null, includeValue: false));
                }
            }

            foreach (var (key, value) in newObject)
            {
                var child = path + "/" + Escape(key);
                if (oldObject.TryGetPropertyValue(key, out var oldValue))
                {
                    DiffInto(patch, child, oldValue, value);
                }
                else
                {
                    patch.Add((JsonNode)Operation("add", child, value, includeValue: true));
                }
            }

            return;
        }

        if (before is JsonArray oldArray && after is JsonArray newArray && oldArray.Count == newArray.Count && path.Length > 0)
        {
            for (var i = 0; i < newArray.Count; i++)
            {
                DiffInto(patch, path + "/" + i, oldArray[i], newArray[i]);
            }

            return;
        }

        patch.Add((JsonNode)Operation("replace", path.Length == 0 ? "/" : path, after, includeValue: true));
    }

    public static JsonObject Operation(string op, string path, JsonNode? value, bool includeValue)
    {
        var operation = new JsonObject { ["op"] = op, ["path"] = path };
        if (includeValue)
        {
            operation["value"] = value?.DeepClone();
        }

        return operation;
    }

    private static string Escape(string key) => key.Replace("~", "~0").Replace("/", "~1");

    /// <summary>Whether two values are equal as JSON.</summary>
    public static bool Same(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);

    /// <summary>The keys of an object, for shape comparisons.</summary>
    public static IEnumerable<string> Keys(JsonObject value)
    {
        foreach (var (key, _) in value)
        {
            yield return key;
        }
    }
}
