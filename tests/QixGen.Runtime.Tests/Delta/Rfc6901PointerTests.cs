using QixGen.Delta;
using Xunit;
using static QixGen.Runtime.Tests.Delta.DeltaTestJson;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>RFC 6901 JSON Pointer evaluation (section 5's examples) and its error conditions, through <c>test</c> operations.</summary>
public sealed class Rfc6901PointerTests
{
    /// <summary>The document of RFC 6901 section 5.</summary>
    private const string Rfc6901Document = """
        {
          "foo": ["bar", "baz"],
          "": 0,
          "a/b": 1,
          "c%d": 2,
          "e^f": 3,
          "g|h": 4,
          "i\\j": 5,
          "k\"l": 6,
          " ": 7,
          "m~n": 8
        }
        """;

    [Theory]
    [InlineData("/foo", """["bar","baz"]""")]
    [InlineData("/foo/0", "\"bar\"")]
    [InlineData("/", "0")]
    [InlineData("/a~1b", "1")]
    [InlineData("/c%d", "2")]
    [InlineData("/e^f", "3")]
    [InlineData("/g|h", "4")]
    [InlineData("/i\\\\j", "5")]
    [InlineData("/k\\\"l", "6")]
    [InlineData("/ ", "7")]
    [InlineData("/m~0n", "8")]
    public void Section5_pointers_resolve_to_the_rfc_values(string pointerAsJsonString, string expected)
    {
        // The pointer is given as it appears inside a JSON string (RFC 6901 section 5's first column).
        Apply(Rfc6901Document, $$"""[{"op":"test","path":"{{pointerAsJsonString}}","value":{{expected}}}]""");
        Fails(Rfc6901Document, $$"""[{"op":"test","path":"{{pointerAsJsonString}}","value":"not this"}]""", 0);
    }

    [Fact]
    public void Empty_pointer_is_the_whole_document() =>
        Apply(Rfc6901Document, $$"""[{"op":"test","path":"","value":{{Rfc6901Document}}}]""");

    [Fact]
    public void Tilde_escapes_decode_in_order_so_01_is_a_literal_tilde_one()
    {
        Equal("""{"~1":"x","/":"y"}""", Apply("""{"~1":1,"/":"y"}""", """[{"op":"replace","path":"/~01","value":"x"}]"""));
        Equal("""{"~/":1}""", Apply("""{}""", """[{"op":"add","path":"/~0~1","value":1}]"""));
    }

    [Theory]
    [InlineData("foo", "start with '/'")]
    [InlineData("/m~2n", "'~'")]
    [InlineData("/m~", "'~'")]
    [InlineData("/foo/01", "not an array index")]
    [InlineData("/foo/-1", "not an array index")]
    [InlineData("/foo/+1", "not an array index")]
    [InlineData("/foo/1.0", "not an array index")]
    [InlineData("/foo/-", "\"-\" names no existing array element")]
    [InlineData("/foo/2", "out of range")]
    [InlineData("/foo/99999999999999999999", "out of range")]
    [InlineData("/foo/0/x", "cannot look up")]
    [InlineData("/missing", "no member")]
    [InlineData("/FOO", "no member")]
    public void Invalid_or_unresolvable_pointers_fail(string pointer, string reason)
    {
        var e = Fails(Rfc6901Document, $$"""[{"op":"test","path":"{{pointer}}","value":1}]""", 0);
        Assert.Contains(reason, e.Reason);
        Assert.Equal(pointer, e.Path);
    }

    [Fact]
    public void Slash_is_the_empty_member_in_rfc6901_and_the_whole_document_in_the_qlik_dialect()
    {
        Equal("""{"":1,"a":2}""", Apply("""{"a":2}""", """[{"op":"add","path":"/","value":1}]"""));
        Equal("1", Apply("""{"a":2}""", """[{"op":"add","path":"/","value":1}]""", JsonPointerDialect.QlikEngine));
        Equal("""{"":{"b":3}}""", Apply("""{"":{}}""", """[{"op":"add","path":"//b","value":3}]""", JsonPointerDialect.QlikEngine));
    }
}
