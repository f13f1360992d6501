using System.Linq;
using System.Threading.Tasks;
using QixGen.Delta;
using Xunit;
using static QixGen.Runtime.Tests.Delta.DeltaTestJson;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>The delta value store: first whole values, patches against the last value, reset on corrupt patches, handle and session lifetimes.</summary>
public sealed class DeltaStoreTests
{
    private const string FirstLayout = """[{"op":"add","path":"/","value":{"qInfo":{"qId":"x1"},"qSize":{"qcx":2,"qcy":10}}}]""";

    [Fact]
    public void First_whole_value_then_patches_against_the_last_value()
    {
        var store = new DeltaStore();
        Equal("""{"qInfo":{"qId":"x1"},"qSize":{"qcx":2,"qcy":10}}""", Text(store.Apply(1, "GetLayout", "qLayout", Utf8(FirstLayout))));
        Equal(
            """{"qInfo":{"qId":"x1"},"qSize":{"qcx":2,"qcy":11}}""",
            Text(store.Apply(1, "GetLayout", "qLayout", Utf8("""[{"op":"replace","path":"/qSize/qcy","value":11}]"""))));
        Equal(
            """{"qInfo":{"qId":"x1"},"qSize":{"qcx":2,"qcy":11},"qTitle":"t"}""",
            Text(store.Apply(1, "GetLayout", "qLayout", Utf8("""[{"op":"add","path":"/qTitle","value":"t"}]"""))));
    }

    [Fact]
    public void An_empty_patch_returns_the_held_value_unchanged()
    {
        var store = new DeltaStore();
        var first = store.Apply(1, "GetLayout", "qLayout", Utf8(FirstLayout));
        var second = store.Apply(1, "GetLayout", "qLayout", Utf8("[]"));
        Assert.Equal(first, second);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Primitive_values_are_replaced_whole()
    {
        var store = new DeltaStore();
        Assert.Equal("false", Text(store.Apply(1, "IsPersonalMode", "qReturn", Utf8("""[{"op":"add","path":"/","value":false}]"""))));
        Assert.Equal("false", Text(store.Apply(1, "IsPersonalMode", "qReturn", Utf8("[]"))));
        Assert.Equal("true", Text(store.Apply(1, "IsPersonalMode", "qReturn", Utf8("""[{"op":"replace","path":"/","value":true}]"""))));
    }

    [Fact]
    public void Keys_are_separate_by_handle_method_and_out_key()
    {
        var store = new DeltaStore();
        store.Apply(1, "GetLayout", "qLayout", Utf8("""[{"op":"add","path":"/","value":{"v":1}}]"""));
        store.Apply(2, "GetLayout", "qLayout", Utf8("""[{"op":"add","path":"/","value":{"v":2}}]"""));
        store.Apply(1, "GetProperties", "qProp", Utf8("""[{"op":"add","path":"/","value":{"v":3}}]"""));
        store.Apply(1, "GetLayout", "qOther", Utf8("""[{"op":"add","path":"/","value":{"v":4}}]"""));
        Assert.Equal(4, store.Count);
        Equal("""{"v":1}""", Text(store.Apply(1, "GetLayout", "qLayout", Utf8("[]"))));
        Equal("""{"v":2}""", Text(store.Apply(2, "GetLayout", "qLayout", Utf8("[]"))));
        Equal("""{"v":3}""", Text(store.Apply(1, "GetProperties", "qProp", Utf8("[]"))));
        Equal("""{"v":4}""", Text(store.Apply(1, "GetLayout", "qOther", Utf8("[]"))));
    }

    [Fact]
    public void Every_answer_is_a_fresh_array()
    {
        var store = new DeltaStore();
        var first = store.Apply(1, "GetLayout", "qLayout", Utf8(FirstLayout));
        first[0] = (byte)'X';
        var second = store.Apply(1, "GetLayout", "qLayout", Utf8("[]"));
        Assert.Equal((byte)'{', second[0]);
        Assert.NotSame(first, second);
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"/nope","value":1}]""")]
    [InlineData("""[{"op":"test","path":"/qInfo/qId","value":"other"}]""")]
    [InlineData("""{"op":"add","path":"/a","value":1}""")]
    [InlineData("""[{"op":"add","path":"/qSize/qcx/deeper","value":1}]""")]
    [InlineData("""not json""")]
    [InlineData("""[{"op":"add","path":"/ok","value":1},{"op":"remove","path":"/missing"}]""")]
    public void A_corrupt_patch_throws_for_that_call_and_drops_the_entry(string corrupt)
    {
        var store = new DeltaStore();
        store.Apply(1, "GetLayout", "qLayout", Utf8(FirstLayout));
        store.Apply(2, "GetLayout", "qLayout", Utf8(FirstLayout));

        var e = Assert.Throws<JsonPatchException>(() => store.Apply(1, "GetLayout", "qLayout", Utf8(corrupt)));
        Assert.Contains("GetLayout \"qLayout\" on handle 1", e.Message);
        Assert.Equal(1, store.Count);

        // No value is kept: a patch against it now fails, and a whole value starts over.
        Assert.Throws<JsonPatchException>(() => store.Apply(1, "GetLayout", "qLayout", Utf8("[]")));
        Assert.Throws<JsonPatchException>(() => store.Apply(1, "GetLayout", "qLayout", Utf8("""[{"op":"add","path":"/qTitle","value":"t"}]""")));
        Equal("""{"v":1}""", Text(store.Apply(1, "GetLayout", "qLayout", Utf8("""[{"op":"add","path":"/","value":{"v":1}}]"""))));

        // The other handle's value was not touched.
        Equal("""{"qInfo":{"qId":"x1"},"qSize":{"qcx":2,"qcy":10}}""", Text(store.Apply(2, "GetLayout", "qLayout", Utf8("[]"))));
    }

    [Fact]
    public void Without_a_held_value_the_patch_must_set_the_whole_value()
    {
        var store = new DeltaStore();
        var e = Assert.Throws<JsonPatchException>(() => store.Apply(1, "GetLayout", "qLayout", Utf8("""[{"op":"add","path":"/a","value":1}]""")));
        Assert.Contains("no previous value", e.Message);
        Assert.Equal(0, store.Count);
        Equal("""{"a":1}""", Text(store.Apply(1, "GetLayout", "qLayout", Utf8("""[{"op":"replace","path":"","value":{}},{"op":"add","path":"/a","value":1}]"""))));
    }

    [Fact]
    public void RemoveHandle_drops_only_that_handle_and_Clear_drops_all()
    {
        var store = new DeltaStore();
        store.Apply(1, "GetLayout", "qLayout", Utf8(FirstLayout));
        store.Apply(1, "GetProperties", "qProp", Utf8(FirstLayout));
        store.Apply(2, "GetLayout", "qLayout", Utf8(FirstLayout));

        store.RemoveHandle(1);
        Assert.Equal(1, store.Count);
        Assert.Throws<JsonPatchException>(() => store.Apply(1, "GetLayout", "qLayout", Utf8("[]")));
        store.Apply(2, "GetLayout", "qLayout", Utf8("[]"));

        store.Clear();
        Assert.Equal(0, store.Count);
        Assert.Throws<JsonPatchException>(() => store.Apply(2, "GetLayout", "qLayout", Utf8("[]")));
    }

    [Fact]
    public void ApplyResult_rewrites_every_out_value_to_its_full_value()
    {
        var store = new DeltaStore();
        var first = store.ApplyResult(3, "GetInfo", Utf8("""
            {"qReturn":[{"op":"add","path":"/","value":{"a":[1,2]}}],"qCount":[{"op":"add","path":"/","value":7}]}
            """));
        Equal("""{"qReturn":{"a":[1,2]},"qCount":7}""", Text(first));

        var second = store.ApplyResult(3, "GetInfo", Utf8("""{"qReturn":[{"op":"add","path":"/a/-","value":3}],"qCount":[]}"""));
        Equal("""{"qReturn":{"a":[1,2,3]},"qCount":7}""", Text(second));
    }

    [Fact]
    public void ApplyResult_applies_the_good_out_values_and_drops_the_corrupt_one()
    {
        var store = new DeltaStore();
        store.ApplyResult(3, "GetInfo", Utf8("""{"qA":[{"op":"add","path":"/","value":{"n":1}}],"qB":[{"op":"add","path":"/","value":{"n":1}}],"qC":[{"op":"add","path":"/","value":{"n":1}}]}"""));

        var e = Assert.Throws<JsonPatchException>(() => store.ApplyResult(3, "GetInfo", Utf8(
            """{"qA":[{"op":"replace","path":"/n","value":2}],"qB":[{"op":"remove","path":"/zzz"}],"qC":[{"op":"replace","path":"/n","value":2}]}""")));
        Assert.Contains("\"qB\"", e.Message);

        // qA and qC (before and after the failure) were applied: the engine counts them as delivered.
        Equal("""{"n":2}""", Text(store.Apply(3, "GetInfo", "qA", Utf8("[]"))));
        Equal("""{"n":2}""", Text(store.Apply(3, "GetInfo", "qC", Utf8("[]"))));
        Assert.Throws<JsonPatchException>(() => store.Apply(3, "GetInfo", "qB", Utf8("[]")));
    }

    [Fact]
    public void ApplyResult_rejects_a_result_that_is_not_an_object_and_drops_the_methods_values()
    {
        var store = new DeltaStore();
        store.ApplyResult(3, "GetInfo", Utf8("""{"qA":[{"op":"add","path":"/","value":1}]}"""));
        store.ApplyResult(3, "Other", Utf8("""{"qA":[{"op":"add","path":"/","value":1}]}"""));
        Assert.Throws<JsonPatchException>(() => store.ApplyResult(3, "GetInfo", Utf8("""[1]""")));
        Assert.Throws<JsonPatchException>(() => store.Apply(3, "GetInfo", "qA", Utf8("[]")));
        Assert.Equal("1", Text(store.Apply(3, "Other", "qA", Utf8("[]"))));
    }

    [Fact]
    public void ApplyResult_rejects_an_out_value_that_is_not_a_patch_array()
    {
        var store = new DeltaStore();
        var e = Assert.Throws<JsonPatchException>(() => store.ApplyResult(3, "GetInfo", Utf8("""{"qReturn":{"a":1}}""")));
        Assert.Contains("must be an array", e.Message);
    }

    [Fact]
    public async Task Concurrent_calls_on_many_keys_each_see_their_own_sequence()
    {
        var store = new DeltaStore();
        const int Keys = 16;
        const int Steps = 200;
        await Task.WhenAll(Enumerable.Range(0, Keys).Select(k => Task.Run(() =>
        {
            store.Apply(k % 4, "GetLayout", "q" + k, Utf8("""[{"op":"add","path":"/","value":{"n":0,"log":[]}}]"""));
            for (var step = 1; step <= Steps; step++)
            {
                var full = Text(store.Apply(
                    k % 4,
                    "GetLayout",
                    "q" + k,
                    Utf8($$"""[{"op":"test","path":"/n","value":{{step - 1}}},{"op":"replace","path":"/n","value":{{step}}},{"op":"add","path":"/log/-","value":{{k}}}]""")));
                Assert.StartsWith($$"""{"n":{{step}},""", full);
            }
        })));

        Assert.Equal(Keys, store.Count);
        for (var k = 0; k < Keys; k++)
        {
            var log = System.Text.Json.Nodes.JsonNode.Parse(store.Apply(k % 4, "GetLayout", "q" + k, Utf8("[]")))!["log"]!.AsArray();
            Assert.Equal(Steps, log.Count);
            Assert.All(log, n => Assert.Equal(k, n!.GetValue<int>()));
        }
    }
}
