using System.Linq;
using QixGen.Generator.Emitting;
using QixGen.Generator.Json;
using QixGen.Generator.Parsing;
using Xunit;

namespace QixGen.Generator.Tests;

public sealed class ParserUnitTests
{
    [Theory]
    [InlineData("{\"a\":1,}", 1, 8)]
    [InlineData("{\n  \"a\": tru\n}", 2, 8)]
    [InlineData("[1, 2", 1, 6)]
    [InlineData("\"abc", 1, 5)]
    [InlineData("{\"a\":\"\\q\"}", 1, 7)]
    [InlineData("01", 1, 2)]
    public void Json_errors_carry_line_and_column(string text, int line, int column)
    {
        var error = Assert.Throws<JsonTextException>(() => JsonTextParser.Parse(text));
        Assert.Equal((line, column), (error.Position.Line, error.Position.Column));
    }

    [Fact]
    public void Json_keeps_order_positions_and_escapes()
    {
        var root = (JsonObjectNode)JsonTextParser.Parse("{\n \"z\": 1,\n \"a\": \"x\\u00e9\\n\"\n}");
        Assert.Equal(new[] { "z", "a" }, root.Properties.Select(p => p.Name));
        Assert.Equal("x\u00e9\n", root.GetString("a"));
        Assert.Equal(3, root.Properties[1].NamePosition.Line);
    }

    [Theory]
    [InlineData("qFieldName", "FieldName", "fieldName")]
    [InlineData("qnDec", "NDec", "nDec")]
    [InlineData("qParams", "Params", "@params")]
    [InlineData("qObject", "Object", "@object")]
    [InlineData("qv", "V", "v")]
    public void Names_drop_the_q_prefix_and_escape_keywords(string wire, string pascal, string camel)
    {
        Assert.Equal(pascal, NameRules.ToPascal(wire));
        Assert.Equal(camel, NameRules.ToCamel(wire));
    }

    [Fact]
    public void Descriptions_become_safe_xml()
    {
        var lines = DocMarkup.Render(DocMarkup.Parse("Use <div class=note>**bold** &lt;b&gt; [link](#x) a < b</div>\n\n\nNext <td>cell</td>", DocLinks.None), firstPlain: true);
        Assert.Equal(new[] { "Use", "<para><b>Note:</b> <b>bold</b> &lt;b&gt; link a &lt; b</para>", "<para>Next cell</para>" }, lines);
    }
}
