using System.Text.Json.Nodes;
using QixGen.Delta;
using QixGen.Errors;
using Xunit;
using static QixGen.Runtime.Tests.Delta.DeltaTestJson;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>RFC 6902 rules beyond Appendix A: array bounds, roots, move and copy rules, test equality, malformed patches, atomicity.</summary>
public sealed class JsonPatchBehaviourTests
{
    [Fact]
    public void Add_to_an_array_accepts_index_equal_to_length_and_dash()
    {
        Equal("""[1,2,3]""", Apply("""[1,2]""", """[{"op":"add","path":"/2","value":3}]"""));
        Equal("""[1,2,3]""", Apply("""[1,2]""", """[{"op":"add","path":"/-","value":3}]"""));
        Equal("""[0,1,2]""", Apply("""[1,2]""", """[{"op":"add","path":"/0","value":0}]"""));
        Equal("""[[]]""", Apply("""[]""", """[{"op":"add","path":"/0","value":[]}]"""));
    }

    [Theory]
    [InlineData("/3", "out of range")]
    [InlineData("/01", "not an array index")]
    [InlineData("/00", "not an array index")]
    [InlineData("/-1", "not an array index")]
    [InlineData("/1e0", "not an array index")]
    [InlineData("/ 1", "not an array index")]
    public void Add_to_an_array_rejects_bad_indexes(string path, string reason)
    {
        var e = Fails("""[1,2]""", $$"""[{"op":"add","path":"{{path}}","value":0}]""", 0);
        Assert.Contains(reason, e.Reason);
    }

    [Fact]
    public void Add_replaces_an_existing_member_and_accepts_null_values()
    {
        Equal("""{"a":2}""", Apply("""{"a":1}""", """[{"op":"add","path":"/a","value":2}]"""));
        Equal("""{"a":1,"b":null}""", Apply("""{"a":1}""", """[{"op":"add","path":"/b","value":null}]"""));
    }

    [Fact]
    public void Add_under_a_primitive_fails() =>
        Assert.Contains("the parent is a number", Fails("""{"a":1}""", """[{"op":"add","path":"/a/b","value":2}]""", 0).Reason);

    [Fact]
    public void Root_add_and_replace_set_the_whole_document_whatever_its_kind()
    {
        Equal("""{"b":1}""", Apply("""{"a":1}""", """[{"op":"replace","path":"","value":{"b":1}}]"""));
        Equal("""[1]""", Apply("""{"a":1}""", """[{"op":"add","path":"","value":[1]}]"""));
        Equal("\"x\"", Apply("5", """[{"op":"replace","path":"","value":"x"}]"""));
        Equal("null", Apply("true", """[{"op":"replace","path":"","value":null}]"""));
        Equal("7", Apply("null", """[{"op":"add","path":"","value":7}]"""));
        Equal("5", Apply("5", """[{"op":"test","path":"","value":5.0}]"""));
    }

    [Fact]
    public void Primitive_and_array_roots_are_patched()
    {
        Equal("""["a","c"]""", Apply("""["a","b","c"]""", """[{"op":"remove","path":"/1"}]"""));
        Equal("""["c","b","a"]""", Apply("""["a","b","c"]""", """[{"op":"move","from":"/0","path":"/-"},{"op":"move","from":"/0","path":"/1"}]"""));
        Fails("5", """[{"op":"add","path":"/a","value":1}]""", 0);
    }

    [Fact]
    public void Remove_needs_an_existing_target()
    {
        Fails("""{"a":1}""", """[{"op":"remove","path":"/b"}]""", 0);
        Fails("""[1]""", """[{"op":"remove","path":"/1"}]""", 0);
        Fails("""[1]""", """[{"op":"remove","path":"/-"}]""", 0);
        Fails("""{"a":1}""", """[{"op":"remove","path":""}]""", 0);
        Equal("""{"a":1}""", Apply("""{"a":1,"n":null}""", """[{"op":"remove","path":"/n"}]"""));
    }

    [Fact]
    public void Replace_needs_an_existing_target()
    {
        Fails("""{"a":1}""", """[{"op":"replace","path":"/b","value":2}]""", 0);
        Fails("""[1]""", """[{"op":"replace","path":"/1","value":2}]""", 0);
        Fails("""[1]""", """[{"op":"replace","path":"/-","value":2}]""", 0);
        Equal("""[2]""", Apply("""[1]""", """[{"op":"replace","path":"/0","value":2}]"""));
    }

    [Fact]
    public void Move_into_its_own_child_fails_but_onto_a_sibling_with_a_longer_name_works()
    {
        var e = Fails("""{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/c"}]""", 0);
        Assert.Contains("own child", e.Reason);
        Fails("""{"a":{"b":1}}""", """[{"op":"move","from":"","path":"/a/c"}]""", 0);
        Equal("""{"ab":{"b":1}}""", Apply("""{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/ab"}]"""));
    }

    [Fact]
    public void Move_onto_itself_changes_nothing_but_needs_from_to_exist()
    {
        Equal("""{"a":1}""", Apply("""{"a":1}""", """[{"op":"move","from":"/a","path":"/a"}]"""));
        Fails("""{"a":1}""", """[{"op":"move","from":"/b","path":"/b"}]""", 0);
    }

    [Fact]
    public void Move_reads_path_after_removing_from()
    {
        // Remove /0 first ([b,c]) then add at /1: [b,a,c].
        Equal("""["b","a","c"]""", Apply("""["a","b","c"]""", """[{"op":"move","from":"/0","path":"/1"}]"""));

        // After the remove the array has 2 elements, so index 3 is out of range.
        Fails("""["a","b","c"]""", """[{"op":"move","from":"/0","path":"/3"}]""", 0);
    }

    [Fact]
    public void Copy_makes_an_independent_deep_copy()
    {
        var result = Apply(
            """{"a":{"b":[1]}}""",
            """[{"op":"copy","from":"/a","path":"/c"},{"op":"add","path":"/c/b/-","value":2},{"op":"copy","from":"","path":"/d"}]""");
        Equal("""{"a":{"b":[1]},"c":{"b":[1,2]},"d":{"a":{"b":[1]},"c":{"b":[1,2]}}}""", result);
        Fails("""{"a":1}""", """[{"op":"copy","from":"/b","path":"/c"}]""", 0);
    }

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("1", "1e0")]
    [InlineData("100", "1E+2")]
    [InlineData("0.5", "5e-1")]
    [InlineData("-0", "0")]
    [InlineData("0.0", "0e10")]
    [InlineData("12345678901234567890123", "1.2345678901234567890123e22")]
    [InlineData("\"A\"", "\"\\u0041\"")]
    [InlineData("""{"a":1,"b":[1,{"c":null}]}""", """{"b":[1.0,{"c":null}],"a":1}""")]
    [InlineData("[]", "[]")]
    [InlineData("{}", "{}")]
    [InlineData("null", "null")]
    public void Test_uses_json_value_equality(string actual, string tested) =>
        Apply($$"""{"v":{{actual}}}""", $$"""[{"op":"test","path":"/v","value":{{tested}}}]""");

    [Theory]
    [InlineData("1", "\"1\"")]
    [InlineData("1", "true")]
    [InlineData("0", "false")]
    [InlineData("null", "false")]
    [InlineData("1", "1.0000000000000000000001")]
    [InlineData("12345678901234567890123", "12345678901234567890124")]
    [InlineData("-1", "1")]
    [InlineData("[1,2]", "[2,1]")]
    [InlineData("[1]", "[1,1]")]
    [InlineData("""{"a":1}""", """{"a":1,"b":1}""")]
    [InlineData("""{"a":null}""", "{}")]
    [InlineData("\"a\"", "\"A\"")]
    [InlineData("{}", "[]")]
    public void Test_fails_on_unequal_values(string actual, string tested) =>
        Fails($$"""{"v":{{actual}}}""", $$"""[{"op":"test","path":"/v","value":{{tested}}}]""", 0);

    [Fact]
    public void Test_of_a_missing_member_fails_even_against_null() =>
        Fails("""{}""", """[{"op":"test","path":"/v","value":null}]""", 0);

    [Theory]
    [InlineData("""{"op":"add"}""", -1)]
    [InlineData("""[1]""", 0)]
    [InlineData("""[{"path":"/a","value":1}]""", 0)]
    [InlineData("""[{"op":"Add","path":"/a","value":1}]""", 0)]
    [InlineData("""[{"op":"frobnicate","path":"/a"}]""", 0)]
    [InlineData("""[{"op":"add","value":1}]""", 0)]
    [InlineData("""[{"op":"add","path":1,"value":1}]""", 0)]
    [InlineData("""[{"op":"add","path":"/a"}]""", 0)]
    [InlineData("""[{"op":"test","path":"/a"}]""", 0)]
    [InlineData("""[{"op":"remove","path":"/a"},{"op":"move","path":"/b"}]""", 1)]
    [InlineData("""[{"op":"remove","path":"/a"},{"op":"copy","from":7,"path":"/b"}]""", 1)]
    [InlineData("""[{"op":"add","path":"/a","value":1,"path":"/b"}]""", 0)]
    [InlineData("""[{"op":"add","path":"/a","value":1}""", -1)]
    [InlineData("""not json""", -1)]
    public void Malformed_patches_fail_before_any_operation_runs(string patch, int index) =>
        Fails("""{"a":1}""", patch, index);

    [Theory]
    [InlineData("""{"x":1}""", "an object")]
    [InlineData("""["add"]""", "an array")]
    [InlineData("7", "a number")]
    [InlineData("null", "null")]
    public void An_op_that_is_not_a_string_is_named_by_its_kind(string op, string kind) =>
        Assert.Contains($"\"op\" must be a string, not {kind}", Fails("""{"a":1}""", $$"""[{"op":{{op}},"path":"/a","value":1}]""", 0).Reason);

    [Fact]
    public void The_exception_names_the_operation_index_op_and_path_and_is_a_protocol_error()
    {
        var e = Fails("""{"a":1}""", """[{"op":"add","path":"/b","value":2},{"op":"remove","path":"/c/d"}]""", 1);
        Assert.Equal("remove", e.Operation);
        Assert.Equal("/c/d", e.Path);
        Assert.StartsWith("JSON Patch operation 1 (remove \"/c/d\") failed:", e.Message);
        Assert.IsAssignableFrom<QixProtocolException>(e);
    }

    [Fact]
    public void The_node_api_leaves_document_and_patch_untouched_on_failure_and_success()
    {
        var document = JsonNode.Parse("""{"a":[1,2],"b":{"c":1}}""");
        var patch = JsonNode.Parse("""[{"op":"remove","path":"/a/0"},{"op":"add","path":"/b/d","value":{"e":1}},{"op":"test","path":"/b/c","value":2}]""");
        var documentBefore = document!.ToJsonString();
        var patchBefore = patch!.ToJsonString();

        Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(document, patch));
        Assert.Equal(documentBefore, document.ToJsonString());
        Assert.Equal(patchBefore, patch.ToJsonString());

        var good = JsonNode.Parse("""[{"op":"remove","path":"/a/0"},{"op":"add","path":"/b/d","value":{"e":1}}]""");
        var result = JsonPatch.Apply(document, good)!;
        Equal("""{"a":[2],"b":{"c":1,"d":{"e":1}}}""", result.ToJsonString());
        Assert.Equal(documentBefore, document.ToJsonString());

        // The result shares no node with the patch: changing it leaves the patch as it was.
        result["b"]!["d"]!["e"] = 5;
        Equal("""[{"op":"remove","path":"/a/0"},{"op":"add","path":"/b/d","value":{"e":1}}]""", good!.ToJsonString());
    }

    [Fact]
    public void Result_bytes_keep_strings_unescaped_for_html()
    {
        var result = Apply("""{"a":"<b>&"}""", """[{"op":"add","path":"/c","value":"x'y\u00e9"}]""");
        Assert.Contains("<b>&", result);
        Equal("""{"a":"<b>&","c":"x'y\u00e9"}""", result);
    }
}
