using System;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using QixGen.Delta;
using Xunit;
using static QixGen.Runtime.Tests.Delta.DeltaTestJson;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>
/// The store as the session drives it: answers queued on the receive loop (never applied there), applied on the
/// callers' side in arrival order per (handle, method), empty patches answered with the held bytes, bad patches
/// failing only their own answer.
/// </summary>
public sealed class DeltaQueueTests
{
    private static string Counter(int step) =>
        $$"""{"qLayout":[{"op":"test","path":"/n","value":{{step - 1}}},{"op":"replace","path":"/n","value":{{step}}}]}""";

    private static DeltaAnswer Enqueue(DeltaStore store, int handle, string method, string result) =>
        store.Enqueue(handle, method, outKey: null, Utf8(result), owner: null);

    private static string Resolve(DeltaAnswer answer) => Text(answer.Resolve().ToArray());

    [Fact]
    public void Queuing_applies_nothing_and_answers_apply_in_arrival_order_whoever_asks_first()
    {
        var store = new DeltaStore();
        var first = Enqueue(store, 1, "GetLayout", """{"qLayout":[{"op":"add","path":"/","value":{"n":0}}]}""");
        var answers = new DeltaAnswer[5];
        for (var step = 1; step < answers.Length; step++)
        {
            answers[step] = Enqueue(store, 1, "GetLayout", Counter(step));
        }

        Assert.False(first.IsDone);
        Assert.Equal(0, store.Count);

        // The last caller comes first: every earlier answer is applied before it, in order (the tests would fail otherwise).
        Equal("""{"qLayout":{"n":4}}""", Resolve(answers[4]));
        Assert.True(first.IsDone);
        Equal("""{"qLayout":{"n":0}}""", Resolve(first));
        Equal("""{"qLayout":{"n":2}}""", Resolve(answers[2]));
        Equal("""{"qLayout":{"n":1}}""", Resolve(answers[1]));
    }

    [Fact]
    public void A_large_queued_answer_does_not_hold_up_other_objects()
    {
        var store = new DeltaStore();
        var page = Enqueue(store, 7, "GetHyperCubeData", PageResult(rows: 2_000));
        var layout = Enqueue(store, 8, "GetLayout", """{"qLayout":[{"op":"add","path":"/","value":{"n":0}}]}""");

        Equal("""{"qLayout":{"n":0}}""", Resolve(layout));
        Assert.False(page.IsDone);
        Assert.StartsWith("""{"qDataPages":[{"qArea""", Resolve(page));
    }

    [Fact]
    public void An_empty_patch_hands_out_the_held_bytes_without_copying()
    {
        var store = new DeltaStore();
        var first = Enqueue(store, 1, "GetLayout", """{"qLayout":[{"op":"add","path":"/","value":{"qInfo":{"qId":"a"}}}],"qOther":[{"op":"add","path":"/","value":1}]}""").Resolve();
        var second = Enqueue(store, 1, "GetLayout", """{"qLayout":[],"qOther":[]}""").Resolve();
        Assert.True(MemoryMarshal.TryGetArray(first, out var a));
        Assert.True(MemoryMarshal.TryGetArray(second, out var b));
        Assert.Same(a.Array, b.Array);

        // A patch makes a new result; the one handed out before is never changed.
        var third = Enqueue(store, 1, "GetLayout", """{"qLayout":[{"op":"replace","path":"/qInfo/qId","value":"b"}],"qOther":[]}""").Resolve();
        Equal("""{"qLayout":{"qInfo":{"qId":"a"}},"qOther":1}""", Text(first.ToArray()));
        Equal("""{"qLayout":{"qInfo":{"qId":"b"}},"qOther":1}""", Text(third.ToArray()));

        // Keys in another order, or fewer of them, are composed again rather than answered with the last bytes.
        Equal("""{"qOther":1,"qLayout":{"qInfo":{"qId":"b"}}}""", Resolve(Enqueue(store, 1, "GetLayout", """{"qOther":[],"qLayout":[]}""")));
        Equal("""{"qOther":1}""", Resolve(Enqueue(store, 1, "GetLayout", """{"qOther":[]}""")));
    }

    [Fact]
    public void A_bad_patch_fails_its_own_answer_with_the_operation_and_path_and_the_next_answers_go_on()
    {
        var store = new DeltaStore();
        var full = Enqueue(store, 1, "GetLayout", """{"qLayout":[{"op":"add","path":"/","value":{"qInfo":{"qId":"a"},"qList":[1,2]}}]}""");
        var bad = Enqueue(store, 1, "GetLayout", """{"qLayout":[{"op":"replace","path":"/qInfo/qId","value":"b"},{"op":"remove","path":"/qList/5"}]}""");
        var needsWhole = Enqueue(store, 1, "GetLayout", """{"qLayout":[{"op":"replace","path":"/qInfo/qId","value":"c"}]}""");
        var whole = Enqueue(store, 1, "GetLayout", """{"qLayout":[{"op":"add","path":"/","value":{"qInfo":{"qId":"d"}}}]}""");
        var other = Enqueue(store, 2, "GetLayout", """{"qLayout":[{"op":"add","path":"/","value":{"n":1}}]}""");

        var e = Assert.Throws<JsonPatchException>(() => bad.Resolve());
        Assert.Equal(1, e.OperationIndex);
        Assert.Equal("remove", e.Operation);
        Assert.Equal("/qList/5", e.Path);
        Assert.Contains("out of range (the array has 2 elements)", e.Message);
        Assert.Contains("GetLayout \"qLayout\" on handle 1", e.Message);

        Equal("""{"qLayout":{"qInfo":{"qId":"a"},"qList":[1,2]}}""", Resolve(full));
        Assert.Throws<JsonPatchException>(() => needsWhole.Resolve());
        Equal("""{"qLayout":{"qInfo":{"qId":"d"}}}""", Resolve(whole));
        Equal("""{"qLayout":{"n":1}}""", Resolve(other));
    }

    [Theory]
    [InlineData("""{"qLayout":[{"op":"add","path":"/","value":{"a":1}}""")] // cut short
    [InlineData("""{"qLayout":[{"op":"add","path":"/","value":{"a":1}}]} trailing""")]
    [InlineData("""{"qLayout":[{"op":"add","path":"/","value":{"a":1,}}]}""")]
    public void A_result_that_is_not_json_fails_with_a_typed_error_and_drops_the_methods_values(string result)
    {
        var store = new DeltaStore();
        Resolve(Enqueue(store, 1, "GetLayout", """{"qLayout":[{"op":"add","path":"/","value":{"a":0}}]}"""));
        var e = Assert.Throws<JsonPatchException>(() => Enqueue(store, 1, "GetLayout", result).Resolve());
        Assert.Equal(-1, e.OperationIndex);
        Assert.Contains("not valid JSON", e.Message);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void A_patch_deep_in_a_large_page_matches_a_tree_applied_copy()
    {
        const int Rows = 3_000;
        var store = new DeltaStore();
        var full = Resolve(Enqueue(store, 1, "GetHyperCubeData", PageResult(Rows)));
        const string Patch = """
            [{"op":"replace","path":"/0/qMatrix/1500/3/qState","value":"S"},
             {"op":"replace","path":"/0/qMatrix/1500/3/qText","value":"changed \"quoted\" \u00e9"},
             {"op":"remove","path":"/0/qMatrix/10"},
             {"op":"add","path":"/0/qMatrix/2998/-","value":{"qText":"new","qNum":1,"qElemNumber":-1,"qState":"O"}},
             {"op":"copy","from":"/0/qMatrix/0/0","path":"/0/qMatrix/0/-"},
             {"op":"move","from":"/0/qArea/qTop","path":"/0/qTop"},
             {"op":"test","path":"/0/qMatrix/1499/3/qState","value":"S"}]
            """;
        var patched = Resolve(Enqueue(store, 1, "GetHyperCubeData", $$"""{"qDataPages":{{Patch}}}"""));

        // The same changes made on a parsed tree, one by one.
        var expected = JsonNode.Parse(full)!["qDataPages"]!;
        var matrix = expected[0]!["qMatrix"]!.AsArray();
        matrix[1500]![3]!["qState"] = "S";
        matrix[1500]![3]!["qText"] = "changed \"quoted\" \u00e9";
        matrix.RemoveAt(10);
        matrix[2998]!.AsArray().Add(JsonNode.Parse("""{"qText":"new","qNum":1,"qElemNumber":-1,"qState":"O"}"""));
        matrix[0]!.AsArray().Add(matrix[0]![0]!.DeepClone());
        var area = expected[0]!["qArea"]!.AsObject();
        var top = area["qTop"]!;
        area.Remove("qTop");
        expected[0]!["qTop"] = top;

        var actual = JsonNode.Parse(patched)!["qDataPages"];
        Assert.True(JsonNode.DeepEquals(expected, actual), "the page patched as bytes differs from the tree-patched page");
        Assert.Equal(Rows - 1, actual![0]!["qMatrix"]!.AsArray().Count);
    }

    /// <summary>A GetHyperCubeData delta result whose patch sets a whole page of <paramref name="rows"/> x 10 cells.</summary>
    internal static string PageResult(int rows)
    {
        var json = new System.Text.StringBuilder(rows * 700);
        json.Append("{\"qDataPages\":[{\"op\":\"add\",\"path\":\"/\",\"value\":[{\"qArea\":{\"qLeft\":0,\"qTop\":0,\"qWidth\":10,\"qHeight\":").Append(rows).Append("},\"qMatrix\":[");
        for (var r = 0; r < rows; r++)
        {
            json.Append(r == 0 ? "[" : ",[");
            for (var c = 0; c < 10; c++)
            {
                var n = r * 10 + c;
                json.Append(c == 0 ? "" : ",").Append("{\"qText\":\"Value ").Append(n).Append("\",\"qNum\":").Append(n % 1000)
                    .Append(",\"qElemNumber\":").Append(n).Append(",\"qState\":\"O\"}");
            }

            json.Append(']');
        }

        json.Append("""],"qTails":[],"qIsReduced":false}]}]}""");
        return json.ToString();
    }
}
