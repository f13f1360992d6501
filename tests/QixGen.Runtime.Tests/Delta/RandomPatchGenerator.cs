using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QixGen.Delta;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>
/// Random documents and patch sequences for the cross-check with fast-json-patch. Every sequence is valid per
/// RFC 6902 except, in some sequences, a deliberately failing last operation. Operations are generated against
/// the current document (advanced with our engine), so indexes and paths are in range.
/// </summary>
/// <remarks>
/// Only operations on which RFC 6902 and fast-json-patch 3.1.1 must agree are generated. Where fast-json-patch
/// is lenient or differs, the case is left out here (and covered against the RFC in the other Delta tests):
/// it accepts array indexes with leading zeros ("01"); it does not reject a move into the moved value's own
/// child; it walks a move's "path" through the document as it was before the "from" value was removed, so it
/// fails a move whose target container exists only after the removal (the RFC reads "path" after removal;
/// such moves are generated only where the container is an object, or an array, both before and after); it does not reject bad "~" escapes ("~2"); without validation it accepts out-of-range array adds and
/// removes of missing members (we run it with validation on, and still only generate in-range indexes); it
/// refuses the keys "__proto__" and "constructor"; it keeps numbers as doubles (so only integers and
/// quarter-fractions are generated, which a double holds exactly); JSON.parse keeps one of two repeated
/// members; and removing the root is not defined alike. A failing "test" and a remove or replace of a missing
/// target fail in both, so those are generated as the failing operations.
/// </remarks>
internal sealed class RandomPatchGenerator
{
    private static readonly string[] Keys =
        { "a", "b", "c", "foo", "bar", "qId", "0", "1", "10", "~", "/", "a~b", "c/d", "~1", "~01", " ", "", "ü", "k\"l" };

    private static readonly string[] Strings = { "x", "hello", "", "~", "a/b", "1", "true", "null", "ü", "\"", "<b>&" };

    private readonly Random _random;

    public RandomPatchGenerator(int seed)
    {
        _random = new Random(seed);
    }

    /// <summary>One case: a document, a patch, and the index of the operation that must fail (-1 when all succeed).</summary>
    public (JsonNode? Document, JsonArray Patch, int FailingIndex) Next()
    {
        var document = RandomRoot();
        var state = document?.DeepClone();
        var patch = new JsonArray();
        var length = _random.Next(1, 13);
        for (var i = 0; i < length; i++)
        {
            var operation = RandomOperation(state);
            try
            {
                state = JsonPatch.Apply(state, new JsonArray(operation.DeepClone()));
            }
            catch (JsonPatchException e)
            {
                throw new InvalidOperationException($"Our engine rejected a generated valid operation {operation.ToJsonString()} on {state?.ToJsonString() ?? "null"}", e);
            }

            patch.Add(operation);
        }

        var failingIndex = -1;
        if (_random.Next(10) == 0)
        {
            patch.Add(FailingOperation(state));
            failingIndex = patch.Count - 1;
        }

        return (document, patch, failingIndex);
    }

    private JsonNode? RandomRoot()
    {
        var pick = _random.Next(10);
        return pick < 7 ? RandomObject(3) : pick < 9 ? RandomArray(3) : RandomPrimitive();
    }

    private JsonObject RandomOperation(JsonNode? state)
    {
        var locations = Locations(state);
        var removable = locations.Where(l => l.Pointer.Length > 0).ToList();
        var size = state?.ToJsonString().Length ?? 4;
        var pick = _random.Next(100);

        if (pick < 30 || removable.Count == 0)
        {
            return pick < 2
                ? Op("add", "", value: RandomObject(2))
                : Op("add", AddTarget(locations), value: RandomValue(2));
        }

        if (pick < 45)
        {
            return Op("remove", Choose(removable).Pointer);
        }

        if (pick < 60)
        {
            return Op("replace", Choose(_random.Next(20) == 0 ? locations : removable).Pointer, value: RandomValue(2));
        }

        if (pick < 75)
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var from = Choose(removable).Pointer;
                var afterRemoveLocations = Locations(JsonPatch.Apply(state, new JsonArray(Op("remove", from))));
                var path = AddTarget(afterRemoveLocations);
                var parent = path.Substring(0, path.LastIndexOf('/'));
                if (!path.StartsWith(from + "/", StringComparison.Ordinal)
                    && SameContainerKind(locations, afterRemoveLocations, parent))
                {
                    return Op("move", path, from: from);
                }
            }

            return Op("remove", Choose(removable).Pointer);
        }

        if (pick < 85)
        {
            // Copying the root doubles the document: only while it is small.
            var sources = size < 1500 ? locations : removable;
            return Op("copy", AddTarget(locations), from: Choose(sources).Pointer);
        }

        var target = Choose(locations);
        return Op("test", target.Pointer, value: Reordered(target.Node));
    }

    private JsonObject FailingOperation(JsonNode? state)
    {
        var locations = Locations(state);
        var objects = locations.Where(l => l.Node is JsonObject).ToList();
        var arrays = locations.Where(l => l.Node is JsonArray).ToList();
        switch (_random.Next(3))
        {
            case 0 when objects.Count > 0:
                var obj = Choose(objects);
                var missing = Keys.FirstOrDefault(k => !((JsonObject)obj.Node!).ContainsKey(k)) ?? "never-a-key";
                return Op("remove", obj.Pointer + "/" + Escape(missing));
            case 1 when arrays.Count > 0:
                var array = Choose(arrays);
                return Op("replace", array.Pointer + "/" + ((JsonArray)array.Node!).Count, value: 1);
            default:
                var target = Choose(locations);
                JsonNode? different;
                do
                {
                    different = RandomValue(1);
                }
                while (JsonNode.DeepEquals(different, target.Node));

                return Op("test", target.Pointer, value: different);
        }
    }

    /// <summary>Whether <paramref name="pointer"/> names an object in both documents or an array in both.</summary>
    private static bool SameContainerKind(
        List<(string Pointer, JsonNode? Node)> before,
        List<(string Pointer, JsonNode? Node)> after,
        string pointer)
    {
        var was = before.FirstOrDefault(l => l.Pointer == pointer).Node;
        var now = after.FirstOrDefault(l => l.Pointer == pointer).Node;
        return (was is JsonObject && now is JsonObject) || (was is JsonArray && now is JsonArray);
    }

    /// <summary>A path where "add" is valid: a member (new or existing) of an object, or an index up to the length (or "-") of an array.</summary>
    private string AddTarget(List<(string Pointer, JsonNode? Node)> locations)
    {
        var containers = locations.Where(l => l.Node is JsonObject || l.Node is JsonArray).ToList();
        if (containers.Count == 0)
        {
            return "";
        }

        var (pointer, node) = Choose(containers);
        if (node is JsonArray array)
        {
            var index = _random.Next(array.Count + 2);
            return pointer + "/" + (index == array.Count + 1 ? "-" : index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return pointer + "/" + Escape(Keys[_random.Next(Keys.Length)]);
    }

    private static List<(string Pointer, JsonNode? Node)> Locations(JsonNode? root)
    {
        var list = new List<(string, JsonNode?)>();
        Walk(root, "", list);
        return list;
    }

    private static void Walk(JsonNode? node, string pointer, List<(string, JsonNode?)> list)
    {
        list.Add((pointer, node));
        switch (node)
        {
            case JsonObject obj:
                foreach (var member in obj)
                {
                    Walk(member.Value, pointer + "/" + Escape(member.Key), list);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), list);
                }

                break;
        }
    }

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");

    /// <summary>A deep copy with object members in reverse order, so "test" must compare objects unordered.</summary>
    private static JsonNode? Reordered(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var member in obj.Reverse())
                {
                    copy[member.Key] = Reordered(member.Value);
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(Reordered).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private JsonNode? RandomValue(int depth)
    {
        var pick = _random.Next(depth <= 0 ? 6 : 9);
        return pick switch
        {
            6 => RandomArray(depth - 1),
            7 or 8 => RandomObject(depth - 1),
            _ => RandomPrimitive(),
        };
    }

    private JsonNode? RandomPrimitive() => _random.Next(6) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.Next(2) == 0),
        2 => JsonValue.Create(_random.Next(-1000, 1001)),
        3 => JsonValue.Create(_random.Next(-4000, 4001) / 4.0),
        _ => JsonValue.Create(Strings[_random.Next(Strings.Length)]),
    };

    private JsonArray RandomArray(int depth)
    {
        var array = new JsonArray();
        var count = _random.Next(5);
        for (var i = 0; i < count; i++)
        {
            array.Add(RandomValue(depth));
        }

        return array;
    }

    private JsonObject RandomObject(int depth)
    {
        var obj = new JsonObject();
        var count = _random.Next(5);
        for (var i = 0; i < count; i++)
        {
            obj[Keys[_random.Next(Keys.Length)]] = RandomValue(depth);
        }

        return obj;
    }

    private T Choose<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static JsonObject Op(string op, string path, string? from = null, JsonNode? value = null)
    {
        var operation = new JsonObject { ["op"] = op, ["path"] = path };
        if (from is not null)
        {
            operation["from"] = from;
        }

        if (op is "add" or "replace" or "test")
        {
            operation["value"] = value;
        }

        return operation;
    }
}
