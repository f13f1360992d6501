using System;
using System.Text.Json.Nodes;

namespace QixGen.Testing.Tests.Infrastructure;

/// <summary>A tiny RFC 6902 applier (add/remove/replace) in the engine's dialect: path "/" is the whole value.</summary>
internal static class PatchApplier
{
    public static JsonNode? Apply(JsonNode? document, JsonArray patch)
    {
        foreach (var operation in patch)
        {
            var op = operation!["op"]!.GetValue<string>();
            var path = operation["path"]!.GetValue<string>();
            var value = operation["value"]?.DeepClone();
            if (path is "" or "/")
            {
                document = op == "remove" ? null : value;
                continue;
            }

            var tokens = path.Substring(1).Split('/');
            var parent = document!;
            for (var i = 0; i < tokens.Length - 1; i++)
            {
                parent = parent is JsonArray a ? a[int.Parse(Unescape(tokens[i]))]! : parent[Unescape(tokens[i])]!;
            }

            var last = Unescape(tokens[^1]);
            switch (parent)
            {
                case JsonObject o when op == "remove":
                    o.Remove(last);
                    break;
                case JsonObject o:
                    o[last] = value;
                    break;
                case JsonArray a when op == "remove":
                    a.RemoveAt(int.Parse(last));
                    break;
                case JsonArray a when op == "add":
                    if (last == "-")
                    {
                        a.Add(value);
                    }
                    else
                    {
                        a.Insert(int.Parse(last), value);
                    }

                    break;
                case JsonArray a:
                    a[int.Parse(last)] = value;
                    break;
                default:
                    throw new InvalidOperationException("Bad patch target " + path);
            }
        }

        return document;
    }

    private static string Unescape(string token) => token.Replace("~1", "/").Replace("~0", "~");
}
