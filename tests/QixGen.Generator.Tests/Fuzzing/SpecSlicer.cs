using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace QixGen.Generator.Tests.Fuzzing;

/// <summary>
/// Cuts small, self-contained specs out of real engine specs: a few methods plus every schema they reach
/// through <c>$ref</c>. Small slices keep one fuzz case at a few hundred lines, so thousands fit in CI.
/// </summary>
internal sealed class SpecSlicer
{
    private const string SchemaRefPrefix = "#/components/schemas/";
    private const int MaxSchemasPerSlice = 10; // keeps the compile of accepted cases, the fuzzer's main cost, small

    private readonly List<(JsonObject Root, JsonArray Methods, JsonObject Schemas)> _specs = new();

    public SpecSlicer(IEnumerable<string> specPaths)
    {
        foreach (var path in specPaths)
        {
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            _specs.Add((root, root["methods"]!.AsArray(), root["components"]!["schemas"]!.AsObject()));
        }
    }

    public int SpecCount => _specs.Count;

    /// <summary>A new spec with 1..3 methods of one real spec and the schemas they reference (deep copies).</summary>
    public JsonObject Slice(Random random)
    {
        var (root, methods, schemas) = _specs[random.Next(_specs.Count)];
        var chosen = new List<JsonNode>();
        var needed = new SortedSet<string>(StringComparer.Ordinal);
        var wanted = random.Next(1, 4);
        for (var attempt = 0; attempt < wanted * 4 && chosen.Count < wanted; attempt++)
        {
            var method = methods[random.Next(methods.Count)]!;
            var closure = new SortedSet<string>(needed, StringComparer.Ordinal);
            CollectRefs(method, schemas, closure);
            if (closure.Count <= MaxSchemasPerSlice || chosen.Count == 0 && attempt == wanted * 4 - 1)
            {
                chosen.Add(method);
                needed = closure;
            }
        }

        if (chosen.Count == 0)
        {
            chosen.Add(methods[0]!);
            CollectRefs(methods[0]!, schemas, needed);
        }

        // Now and then a few unreferenced schemas too, so types without methods are exercised.
        var names = schemas.Select(p => p.Key).ToList();
        for (var extra = random.Next(0, 2); extra > 0; extra--)
        {
            var name = names[random.Next(names.Count)];
            var closure = new SortedSet<string>(needed, StringComparer.Ordinal) { name };
            CollectRefs(schemas[name]!, schemas, closure);
            if (closure.Count <= MaxSchemasPerSlice)
            {
                needed = closure;
            }
        }

        var sliceSchemas = new JsonObject();
        foreach (var pair in schemas)
        {
            if (needed.Contains(pair.Key))
            {
                sliceSchemas[pair.Key] = pair.Value!.DeepClone();
            }
        }

        return new JsonObject
        {
            ["openrpc"] = root["openrpc"]!.DeepClone(),
            ["info"] = root["info"]!.DeepClone(),
            ["methods"] = new JsonArray(chosen.Select(m => (JsonNode?)m.DeepClone()).ToArray()),
            ["components"] = new JsonObject { ["schemas"] = sliceSchemas },
        };
    }

    private static void CollectRefs(JsonNode node, JsonObject schemas, SortedSet<string> names)
    {
        var stack = new Stack<JsonNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case JsonObject obj:
                    foreach (var pair in obj)
                    {
                        if (pair.Key == "$ref" && pair.Value is JsonValue value && value.TryGetValue<string>(out var reference) &&
                            reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal))
                        {
                            var target = reference.Substring(SchemaRefPrefix.Length);
                            if (schemas[target] is { } schema && names.Add(target))
                            {
                                stack.Push(schema);
                            }
                        }
                        else if (pair.Value is not null)
                        {
                            stack.Push(pair.Value);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        if (item is not null)
                        {
                            stack.Push(item);
                        }
                    }

                    break;
            }
        }
    }
}
