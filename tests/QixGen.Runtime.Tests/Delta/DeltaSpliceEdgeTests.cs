using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using QixGen.Delta;
using Xunit;
using static QixGen.Runtime.Tests.Delta.DeltaTestJson;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>
/// Held values and patches the differential test (<see cref="DeltaSpliceTests"/>) does not generate: the store's
/// splice path must give what the general patcher gives, or leave the patch to it.
/// </summary>
public sealed class DeltaSpliceEdgeTests
{
    [Theory]
    [InlineData("""{"a":1,"a":2}""", """[{"op":"replace","path":"/a","value":3}]""")]
    [InlineData("""{"a":{"b":1},"a":{"b":2}}""", """[{"op":"replace","path":"/a/b","value":3}]""")]
    [InlineData(" { \"a\" :\t[ 1 ,\r\n{ \"b\" : 2 } ] , \"c\" : 3 } ", """[{"op":"replace","path":"/a/1/b","value":9},{"op":"replace","path":"/c","value":[]}]""")]
    [InlineData("""{"a":[1,2,3]}""", """[{"op":"replace","path":"/a/2","value":30}]""")]
    [InlineData("""{"a":[1,2,3],"z":-0.5e-7}""", """[{"op":"replace","path":"/z","value":1}]""")]
    [InlineData("""{"":{"":1}}""", """[{"op":"replace","path":"//","value":2}]""")]
    [InlineData("""{"":{"":1},"x":0}""", """[{"op":"replace","path":"/","value":2}]""")]
    [InlineData("""{"a":"xyz"}""", """[{"op":"replace","path":"/a/0","value":1}]""")]
    [InlineData("""{"a":"xyz"}""", """[{"op":"replace","path":"/a/length","value":1}]""")]
    [InlineData("""{"a":[1,2]}""", """[{"op":"replace","path":"/a/-","value":1}]""")]
    [InlineData("""{"a":[1,2]}""", """[{"op":"replace","path":"/a/01","value":1}]""")]
    [InlineData("""{"a":[1,2]}""", """[{"op":"replace","path":"/a/2","value":1}]""")]
    [InlineData("""{"a":[]}""", """[{"op":"replace","path":"/a/0","value":1}]""")]
    [InlineData("""{"a":{}}""", """[{"op":"replace","path":"/a/","value":1}]""")]
    [InlineData("""{"a":1,"b":2}""", """[{"op":"replace","path":"/b","value":1},{"op":"replace","path":"/a","value":2}]""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"replace","path":"/a/b","value":1},{"op":"replace","path":"/a","value":2}]""")]
    [InlineData("""[{"a":1}]""", """[{"op":"replace","path":"/0/a","value":true}]""")]
    public void Awkward_held_values_and_paths_agree_with_the_general_patcher(string held, string patch) => AssertAgrees(held, patch);

    [Fact]
    public void Deep_nesting_past_the_trail_agrees_with_the_general_patcher()
    {
        const int Depth = 40;
        var held = string.Concat(Enumerable.Repeat("{\"n\":", Depth)) + "{\"v\":1,\"w\":[0,1]}" + new string('}', Depth);
        var path = string.Concat(Enumerable.Repeat("/n", Depth));
        AssertAgrees(held, $$"""[{"op":"replace","path":"{{path}}/w/1","value":5},{"op":"replace","path":"{{path}}/v","value":2}]""");
        AssertAgrees(held, $$"""[{"op":"replace","path":"{{path}}/v","value":2},{"op":"replace","path":"{{string.Concat(Enumerable.Repeat("/n", 20))}}/x","value":2}]""");
    }

    [Fact]
    public void A_patch_of_every_row_of_a_large_page_does_not_take_quadratic_time()
    {
        PatchEveryRow(reverse: false);
        PatchEveryRow(reverse: true);
    }

    private static void PatchEveryRow(bool reverse)
    {
        const int Rows = 20_000;
        var held = new StringBuilder("{\"qMatrix\":[");
        var patch = new StringBuilder("[");
        for (var row = 0; row < Rows; row++)
        {
            held.Append(row == 0 ? "" : ",").Append('[');
            for (var column = 0; column < 10; column++)
            {
                held.Append(column == 0 ? "" : ",").Append("{\"qText\":\"").Append(row).Append('/').Append(column).Append("\",\"qNum\":").Append(row).Append(",\"qElemNumber\":").Append(row).Append(",\"qState\":\"O\"}");
            }

            held.Append(']');
            patch.Append(row == 0 ? "" : ",").Append("{\"op\":\"replace\",\"path\":\"/qMatrix/").Append(reverse ? Rows - 1 - row : row).Append("/0/qNum\",\"value\":").Append(-row).Append('}');
        }

        held.Append("]}");
        patch.Append(']');
        var stopwatch = Stopwatch.StartNew();
        AssertAgrees(held.ToString(), patch.ToString());
        // The general path needs about a second for this; a walk from the array's start per operation needs minutes.
        // The bound says only "not quadratic", at any load.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"{stopwatch.Elapsed} for {Rows} replaces in {held.Length} bytes (reverse: {reverse})");
    }

    private static void AssertAgrees(string held, string patch)
    {
        string? expected;
        try
        {
            expected = DeltaSpliceTests.General(held, patch);
        }
        catch (JsonPatchException)
        {
            expected = null;
        }

        var store = DeltaSpliceTests.StoreHolding(held);
        if (expected is null)
        {
            Assert.Throws<JsonPatchException>(() => DeltaSpliceTests.ThroughStore(store, patch));
            return;
        }

        var actual = DeltaSpliceTests.ThroughStore(store, patch);
        if (expected == actual)
        {
            return; // also where DeepEquals cannot look (duplicate member names)
        }

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"{patch} on {held}\nexpected {expected}\nactual   {actual}");
    }
}
