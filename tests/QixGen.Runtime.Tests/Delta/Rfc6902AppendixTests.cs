using QixGen.Delta;
using Xunit;
using static QixGen.Runtime.Tests.Delta.DeltaTestJson;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>Every example of RFC 6902 Appendix A, with the RFC's documents, patches and outcomes.</summary>
public sealed class Rfc6902AppendixTests
{
    [Fact]
    public void A01_adding_an_object_member() => Equal(
        """{"baz":"qux","foo":"bar"}""",
        Apply("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]"""));

    [Fact]
    public void A02_adding_an_array_element() => Equal(
        """{"foo":["bar","qux","baz"]}""",
        Apply("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]"""));

    [Fact]
    public void A03_removing_an_object_member() => Equal(
        """{"foo":"bar"}""",
        Apply("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]"""));

    [Fact]
    public void A04_removing_an_array_element() => Equal(
        """{"foo":["bar","baz"]}""",
        Apply("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]"""));

    [Fact]
    public void A05_replacing_a_value() => Equal(
        """{"baz":"boo","foo":"bar"}""",
        Apply("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]"""));

    [Fact]
    public void A06_moving_a_value() => Equal(
        """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""",
        Apply(
            """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""",
            """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"""));

    [Fact]
    public void A07_moving_an_array_element() => Equal(
        """{"foo":["all","cows","eat","grass"]}""",
        Apply("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]"""));

    [Fact]
    public void A08_testing_a_value_success() => Equal(
        """{"baz":"qux","foo":["a",2,"c"]}""",
        Apply(
            """{"baz":"qux","foo":["a",2,"c"]}""",
            """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"""));

    [Fact]
    public void A09_testing_a_value_error()
    {
        var e = Fails("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""", 0);
        Assert.Equal("test", e.Operation);
        Assert.Equal("/baz", e.Path);
    }

    [Fact]
    public void A10_adding_a_nested_member_object() => Equal(
        """{"foo":"bar","child":{"grandchild":{}}}""",
        Apply("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]"""));

    [Fact]
    public void A11_ignoring_unrecognized_elements() => Equal(
        """{"foo":"bar","baz":"qux"}""",
        Apply("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]"""));

    [Fact]
    public void A12_adding_to_a_nonexistent_target()
    {
        var e = Fails("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""", 0);
        Assert.Equal("/baz/bat", e.Path);
        Assert.Contains("baz", e.Reason);
    }

    [Fact]
    public void A13_invalid_json_patch_document_with_a_repeated_op_member()
    {
        var e = Fails("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","op":"remove"}]""", 0);
        Assert.Contains("\"op\" more than once", e.Message);
    }

    [Fact]
    public void A14_escape_ordering() => Equal(
        """{"/":9,"~1":10}""",
        Apply("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]"""));

    [Fact]
    public void A15_comparing_strings_and_numbers() =>
        Fails("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""", 0);

    [Fact]
    public void A16_adding_an_array_value() => Equal(
        """{"foo":["bar",["abc","def"]]}""",
        Apply("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]"""));
}
