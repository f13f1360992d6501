using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QixGen.Delta;
using QixGen.Runtime.Tests.Reliability;
using Xunit;
using static QixGen.Runtime.Tests.Delta.DeltaTestJson;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>
/// The store's splice path (<see cref="JsonSplice"/>: replaces on distinct existing values copied around in the held
/// bytes) against the general patcher on the same held value: the same results, the same failures, and the patches
/// it must leave to the general path.
/// </summary>
public sealed class DeltaSpliceTests
{
    private static readonly string[] Keys = { "a", "b", "qId", "qText", "0", "10", "", " " };

    /// <summary>Names the splice leaves to the general path (escapes in the pointer or in the held name, non-ASCII).</summary>
    private static readonly string[] AwkwardKeys = { "~", "a~b", "c/d", "ü", "k\"l", "x\\y" };

    [Fact]
    public void Random_replaces_agree_with_the_general_patcher()
    {
        var random = new Random(12_2528);
        var patches = 0;
        var spliced = 0;
        var failed = 0;
        for (var round = 0; round < 2000; round++)
        {
            var document = RandomContainer(random, depth: 0);
            var text = random.Next(4) == 0
                ? document.ToJsonString(new JsonSerializerOptions { WriteIndented = true })
                : document.ToJsonString();
            var pointers = new List<string>();
            var leaves = new List<string>();
            Collect(document, "", pointers, leaves);
            if (pointers.Count == 0)
            {
                continue;
            }

            patches++;
            var patch = new JsonArray();
            var count = random.Next(1, 5);
            for (var i = 0; i < count; i++)
            {
                // Mostly leaves (the engine's usual patch); some containers, so some targets nest or repeat; some
                // missing targets, which must fail alike.
                var pointer = leaves.Count > 0 && random.Next(5) > 0 ? leaves[random.Next(leaves.Count)] : pointers[random.Next(pointers.Count)];
                patch.Add(new JsonObject { ["op"] = "replace", ["path"] = random.Next(15) == 0 ? pointer + "/nope" : pointer, ["value"] = RandomValue(random, depth: 2) });
            }

            var patchText = patch.ToJsonString();
            var operations = JsonPatchReader.Read(Utf8(patchText), JsonPointerDialect.QlikEngine);
            if (JsonSplice.TryPlan(Utf8(text), operations) is not null)
            {
                spliced++;
            }

            string? expected;
            try
            {
                expected = General(text, patchText);
            }
            catch (JsonPatchException)
            {
                expected = null;
                failed++;
            }

            var store = StoreHolding(text);
            if (expected is null)
            {
                Assert.Throws<JsonPatchException>(() => ThroughStore(store, patchText));
                continue;
            }

            var actual = ThroughStore(store, patchText);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"round {round}: {patchText} on {text}\nexpected {expected}\nactual   {actual}");
            if (!text.Contains('\n'))
            {
                // Compact documents: byte for byte (the general path writes opened containers compactly too).
                Assert.Equal(expected, actual);
            }
        }

        // Both paths must have been taken many times, and failures too (else the comparison proves little).
        Assert.True(spliced > patches / 4, $"{spliced} of {patches} patches spliced");
        Assert.True(failed > patches / 20, $"{failed} of {patches} patches failed");
    }

    [SharedTrafficFact]
    public void The_recorded_layout_with_the_wire_benchmarks_patch_is_spliced_byte_for_byte()
    {
        var layout = Compact(RecordedLayouts().OrderBy(l => Math.Abs(l.Length - 2048)).First());
        const string patch = """
            [{"op":"replace","path":"/qHyperCube/qGrandTotalRow/0/qText","value":"51,1"},{"op":"replace","path":"/qHyperCube/qGrandTotalRow/0/qNum","value":51.1},
             {"op":"replace","path":"/qHyperCube/qDimensionInfo/0/qStateCounts/qSelected","value":0}]
            """;
        Assert.NotNull(JsonSplice.TryPlan(Utf8(layout), JsonPatchReader.Read(Utf8(patch), JsonPointerDialect.QlikEngine)));
        Assert.Equal(General(layout, patch), ThroughStore(StoreHolding(layout), patch));
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"/a","value":1},{"op":"replace","path":"/c/0","value":2}]""", true)]
    [InlineData("""[{"op":"replace","path":"/c/1","value":1},{"op":"replace","path":"/a","value":2}]""", true)]
    [InlineData("""[]""", false)]
    [InlineData("""[{"op":"add","path":"/a","value":1}]""", false)]
    [InlineData("""[{"op":"replace","path":"/a","value":1},{"op":"replace","path":"/a","value":2}]""", false)]
    [InlineData("""[{"op":"replace","path":"/c","value":1},{"op":"replace","path":"/c/0","value":2}]""", false)]
    [InlineData("""[{"op":"replace","path":"/","value":1}]""", false)]
    [InlineData("""[{"op":"replace","path":"/missing","value":1}]""", false)]
    [InlineData("""[{"op":"replace","path":"/c/2","value":1}]""", false)]
    [InlineData("""[{"op":"replace","path":"/c/01","value":1}]""", false)]
    [InlineData("""[{"op":"replace","path":"/a~1b","value":1}]""", false)]
    [InlineData("""[{"op":"replace","path":"/ü","value":1}]""", false)]
    [InlineData("""[{"op":"replace","path":"/z","value":1}]""", false)]
    [InlineData("""[{"op":"replace","path":"/a/x","value":1}]""", false)]
    public void Only_replaces_of_distinct_existing_values_are_spliced(string patch, bool spliced)
    {
        // "z" comes after a member whose name has an escape: the splice does not decode names, so it steps aside.
        const string held = """{ "a" : 0, "c" : [ 10 , 11 ], "ü": 1, "q\"": 2, "z": 3 }""";
        var operations = JsonPatchReader.Read(Utf8(patch), JsonPointerDialect.QlikEngine);
        Assert.Equal(spliced, JsonSplice.TryPlan(Utf8(held), operations) is not null);
    }

    [Fact]
    public void A_splice_keeps_the_held_bytes_around_the_new_values()
    {
        const string held = """{ "a" : 0, "c" : [ 10 , 11 ], "d": {"e": "f"} }""";
        var operations = JsonPatchReader.Read(Utf8("""[{"op":"replace","path":"/d/e","value":{"g":[1]}},{"op":"replace","path":"/c/1","value":"x"},{"op":"replace","path":"/a","value":null}]"""), JsonPointerDialect.QlikEngine);
        var splice = JsonSplice.TryPlan(Utf8(held), operations)!;
        var bytes = new byte[splice.MeasureLength()];
        Assert.Equal(bytes.Length, splice.Write(bytes));
        Assert.Equal("""{ "a" : null, "c" : [ 10 , "x" ], "d": {"e": {"g":[1]}} }""", Text(bytes));
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"/a/q","value":10},{"op":"replace","path":"/abc/z","value":20}]""")]
    [InlineData("""[{"op":"replace","path":"/abc/z","value":20},{"op":"replace","path":"/a/c/z","value":10}]""")]
    [InlineData("""[{"op":"replace","path":"/l/1/z","value":10},{"op":"replace","path":"/l/10","value":20}]""")]
    public void Paths_that_share_a_name_prefix_do_not_share_the_walk(string patch)
    {
        // A later path resumes from the containers the one before went through only where it shares whole tokens.
        var held = """{"a":{"c":{"z":1},"q":0},"abc":{"z":2},"l":[0,{"z":1},2,3,4,5,6,7,8,9,{"z":2}]}""";
        Assert.NotNull(JsonSplice.TryPlan(Utf8(held), JsonPatchReader.Read(Utf8(patch), JsonPointerDialect.QlikEngine)));
        Assert.Equal(General(held, patch), ThroughStore(StoreHolding(held), patch));
    }

    /// <summary>The general patcher's result (throws <see cref="JsonPatchException"/> as it does).</summary>
    internal static string General(string held, string patch) =>
        Text(JsonPatch.Apply(Utf8(held), Utf8(patch), JsonPointerDialect.QlikEngine));

    /// <summary>A store holding <paramref name="held"/> as a first whole value (the state a patch is applied to).</summary>
    internal static DeltaStore StoreHolding(string held)
    {
        var store = new DeltaStore();
        store.Apply(1, "GetLayout", "qLayout", Utf8($$"""[{"op":"add","path":"/","value":{{held}}}]"""));
        return store;
    }

    /// <summary>The store's result for <paramref name="patch"/> (the splice where it applies).</summary>
    internal static string ThroughStore(DeltaStore store, string patch) => Text(store.Apply(1, "GetLayout", "qLayout", Utf8(patch)));

    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static IEnumerable<string> RecordedLayouts()
    {
        using var traffic = JsonDocument.Parse(File.ReadAllText(TestPaths.TrafficFile));
        var layouts = new List<string>();
        Collect(traffic.RootElement, layouts);
        return layouts;

        static void Collect(JsonElement element, List<string> layouts)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("qLayout") && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        layouts.Add(property.Value.GetRawText());
                    }

                    Collect(property.Value, layouts);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, layouts);
                }
            }
        }
    }

    /// <summary>Every value's pointer below <paramref name="node"/>, and separately those of values that are not containers.</summary>
    internal static void Collect(JsonNode? node, string pointer, List<string> pointers, List<string> leaves)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    Add(child, pointer + "/" + key.Replace("~", "~0").Replace("/", "~1"));
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Add(array[i], pointer + "/" + i);
                }

                break;
        }

        void Add(JsonNode? child, string childPointer)
        {
            pointers.Add(childPointer);
            if (child is JsonObject or JsonArray)
            {
                Collect(child, childPointer, pointers, leaves);
            }
            else
            {
                leaves.Add(childPointer);
            }
        }
    }

    internal static JsonNode RandomContainer(Random random, int depth)
    {
        if (random.Next(2) == 0)
        {
            var obj = new JsonObject();
            var count = random.Next(0, 5);
            for (var i = 0; i < count; i++)
            {
                var key = random.Next(12) == 0 ? AwkwardKeys[random.Next(AwkwardKeys.Length)] : Keys[random.Next(Keys.Length)];
                if (!obj.ContainsKey(key))
                {
                    obj[key] = RandomValue(random, depth + 1);
                }
            }

            return obj;
        }

        var array = new JsonArray();
        var length = random.Next(0, 5);
        for (var i = 0; i < length; i++)
        {
            array.Add(RandomValue(random, depth + 1));
        }

        return array;
    }

    internal static JsonNode? RandomValue(Random random, int depth) =>
        (depth < 4 ? random.Next(9) : random.Next(6)) switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(-1000, 1000)),
            2 => JsonValue.Create(random.Next(1000) / 4.0),
            3 => JsonValue.Create(new string('s', random.Next(0, 4)) + (random.Next(3) == 0 ? "\"\\ü" : "")),
            4 => JsonValue.Create(random.Next(2) == 0),
            5 => JsonValue.Create("x,]}"),
            _ => RandomContainer(random, depth),
        };
}
