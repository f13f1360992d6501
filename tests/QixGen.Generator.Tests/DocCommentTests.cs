using System.Linq;
using QixGen.Generator.Emitting;
using Xunit;

namespace QixGen.Generator.Tests;

/// <summary>Spec Markdown and HTML become XML docs: links to C# members, paragraphs, lists, code; nothing else.</summary>
public sealed class DocCommentTests
{
    private const string Schema = """
        {
          "openrpc": "1.0.0",
          "info": { "title": "QIX", "version": "1.0.0" },
          "methods": [
            { "name": "Doc.Reduce", "description": "Reduces the data.\nThe reduction depends on the zoom factor (parameter _qZoomFactor_ ) and on _Shape_.\nSee _Other_ and [the docs](https://example.com/x\"><script>).\n\n### Bar chart reduction\nConditions:\n* The values cannot fit (parameter _qZoomFactor_ ).\n* The mode is `D1`.\n<table><tr><th>Name</th><th>Type</th></tr><tr><td>qNum</td><td>Number of points.</td><td>String</td></tr></table>",
              "params": [ { "name": "qZoomFactor", "required": true, "description": "The factor; *qZoomFactor* of 0 keeps all.", "schema": { "type": "integer" } } ],
              "result": { "name": "r", "schema": { "type": "object", "properties": { "qShape": { "$ref": "#/components/schemas/Shape" } } } } },
            { "name": "Doc.Other", "description": "Returns the other value.", "params": [], "result": { "name": "r", "schema": { "type": "object", "properties": { "qReturn": { "type": "boolean" } } } } },
            { "name": "Doc.GetTables", "params": [], "result": { "name": "r", "schema": { "type": "object", "properties": {
                "qtr": { "type": "array", "items": { "$ref": "#/components/schemas/Shape" } }, "qk": { "type": "array", "items": { "$ref": "#/components/schemas/KeyEntry" } } } } } }
          ],
          "components": { "schemas": {
            "Shape": { "type": "object", "description": "A shape.\n<div class=note>If **qFmt** is set, _qWidth_ is ignored.</div>", "properties": {
              "qFmt": { "type": "string", "description": "Format; see _qWidth_ and the _qMissing_ member." }, "qWidth": { "type": "integer" } } },
            "KeyEntry": { "type": "object", "properties": { "qKey": { "type": "string" } } }
          } }
        }
        """;

    private static readonly GenerationRun Run = GeneratorHarness.Run(new[] { new InputFile("/project/docs.json", Schema, Namespace: "Qix.Docs") });

    [Fact]
    public void The_converted_docs_compile_with_every_cref_resolved() =>
        Assert.True(Run.Problems.Count == 0, GenerationRun.Describe(Run.Problems));

    [Fact]
    public void Wire_names_become_crefs_and_paramrefs_and_headings_lists_and_code_are_kept()
    {
        var doc = Run.Source("Qix.Docs.Doc.g.cs");
        Assert.Contains("/// The reduction depends on the zoom factor (parameter <paramref name=\"zoomFactor\"/> ) and on <see cref=\"global::Qix.Docs.Shape\"/>.", doc);
        Assert.Contains("/// See <see cref=\"global::Qix.Docs.Doc.OtherAsync\"/> and the docs.", doc);
        Assert.Contains("/// <para><b>Bar chart reduction</b></para>", doc);
        Assert.Contains("/// <item><description>The mode is <c>D1</c>.</description></item>", doc);
        Assert.Contains("/// <item><description>qNum: Number of points. (String)</description></item>", doc);
        Assert.Contains("/// <param name=\"zoomFactor\">The factor; <paramref name=\"zoomFactor\"/> of 0 keeps all.</param>", doc);
        Assert.DoesNotContain("example.com", doc);
        Assert.DoesNotContain("<script>", doc);
    }

    [Fact]
    public void Returns_say_what_comes_back()
    {
        var doc = Run.Source("Qix.Docs.Doc.g.cs");
        Assert.Contains("/// <returns>The <see cref=\"global::Qix.Docs.Shape\"/> (<c>qShape</c>).</returns>", doc);
        Assert.Contains("/// <returns>The other value.</returns>", doc);
        Assert.Contains("/// <returns>The out values: <see cref=\"global::Qix.Docs.GetTablesResult.Shapes\"/>, <see cref=\"global::Qix.Docs.GetTablesResult.KeyEntries\"/>.</returns>", doc);
    }

    [Fact]
    public void A_data_type_links_its_own_properties_and_names_others_as_code()
    {
        var shape = Run.Source("Qix.Docs.Shape.g.cs");
        Assert.Contains("/// <para><b>Note:</b> If <see cref=\"global::Qix.Docs.Shape.Fmt\"/> is set, <see cref=\"global::Qix.Docs.Shape.Width\"/> is ignored.</para>", shape);
        Assert.Contains("/// Format; see <see cref=\"global::Qix.Docs.Shape.Width\"/> and the <c>qMissing</c> member.", shape);
    }

    [Fact]
    public void A_line_right_after_a_list_item_continues_it_and_a_blank_line_ends_the_list()
    {
        var lines = DocMarkup.Render(DocMarkup.Parse("Intro.\n* _true_ for one:\nShows more.\n* two\n\nAfter.", DocLinks.None), firstPlain: true);
        Assert.Equal(
            new[]
            {
                "Intro.", "<list type=\"bullet\">", "<item><description><see langword=\"true\"/> for one: Shows more.</description></item>",
                "<item><description>two</description></item>", "</list>", "<para>After.</para>",
            },
            lines);
    }

    [Theory]
    [InlineData("_x\"/><c>_", "<i>x\"/&gt;</i>")]
    [InlineData("**a &lt;b&gt;** `&lt;/c&gt;`", "<b>a &lt;b&gt;</b> <c>&lt;/c&gt;</c>")]
    [InlineData("a\u2028b */ c", "a")]
    public void Spec_text_only_ever_becomes_escaped_text_inside_our_own_markup(string description, string first)
    {
        var lines = DocMarkup.Render(DocMarkup.Parse(description, DocLinks.None), firstPlain: true);
        Assert.Equal(first, lines[0]);
        Assert.All(lines, l => Assert.DoesNotContain("*/", l));
    }
}
