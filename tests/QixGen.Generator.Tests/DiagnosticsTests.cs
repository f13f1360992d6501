using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace QixGen.Generator.Tests;

/// <summary>Broken inputs give a diagnostic with file, line and column; the generator never throws.</summary>
public sealed class DiagnosticsTests
{
    private const string Path = "/project/schemas/engine.json";

    private static string Schema(string methods, string schemas) => $$"""
        {
          "openrpc": "1.0.0",
          "info": { "title": "QIX", "version": "9.9.9" },
          "methods": [{{methods}}],
          "components": { "schemas": {{{schemas}}} }
        }
        """;

    private static GenerationRun Run(string text, params InputFile[] extra) =>
        GeneratorHarness.Run(new[] { new InputFile(Path, text, Namespace: "Qix.Broken") }.Concat(extra));

    private static Diagnostic Single(GenerationRun run, string id)
    {
        Assert.Null(run.Result.Results.Single().Exception);
        var matches = run.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matches.Count == 1, $"Expected one {id}, got: {GenerationRun.Describe(run.GeneratorDiagnostics)}");
        return matches[0];
    }

    private static (int Line, int Column) Position(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    private static (int Line, int Column) Find(string text, string needle)
    {
        var index = text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, needle);
        var line = text.Take(index).Count(c => c == '\n') + 1;
        var column = index - (text.LastIndexOf('\n', index) + 1) + 1;
        return (line, column);
    }

    [Fact]
    public void Malformed_json_is_QIX001_at_the_faulty_character()
    {
        var text = "{\n  \"openrpc\": \"1.0.0\",\n  \"methods\": [ ,\n";
        var diagnostic = Single(Run(text), "QIX001");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal((3, 16), Position(diagnostic));
        Assert.Contains("Unexpected character ','", diagnostic.GetMessage());
    }

    [Fact]
    public void Truncated_real_schema_is_QIX001_at_the_end()
    {
        var full = File.ReadAllText(TestPaths.Schema("12.2528.0"));
        var text = full.Substring(0, full.Length / 2);
        var diagnostic = Single(Run(text), "QIX001");
        var lines = text.Split('\n');
        Assert.Equal(lines.Length, Position(diagnostic).Line);
        Assert.Contains("end of file", diagnostic.GetMessage());
    }

    [Fact]
    public void Unknown_ref_is_QIX002_at_the_ref_and_the_value_stays_free_json()
    {
        var text = Schema(
            """{ "name": "Doc.GetThing", "params": [], "result": { "name": "r", "schema": { "type": "object", "properties": { "qReturn": { "$ref": "#/components/schemas/NoSuchType" } } } } }""",
            "");
        var run = Run(text);
        var diagnostic = Single(run, "QIX002");
        var (line, column) = Find(text, "\"#/components/schemas/NoSuchType\"");
        Assert.Equal((line, column), Position(diagnostic));
        Assert.Contains("System.Text.Json.JsonElement> GetThingAsync", run.Source("Qix.Broken.Doc.g.cs"));
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Unsupported_construct_is_QIX003()
    {
        var text = Schema("", """ "Thing": { "type": "object", "properties": { "qOdd": { "type": "tuple" } } } """);
        var diagnostic = Single(Run(text), "QIX003");
        Assert.Equal(Find(text, "{ \"type\": \"tuple\""), Position(diagnostic));
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
    }

    [Fact]
    public void Duplicate_names_are_QIX004_and_the_code_still_compiles()
    {
        var text = Schema("", """ "Thing": { "type": "object", "properties": { "qName": { "type": "string" }, "Name": { "type": "string" } } } """);
        var run = Run(text);
        var diagnostic = Single(run, "QIX004");
        Assert.Contains("Name2", diagnostic.GetMessage());
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Theory]
    [InlineData("{ \"swagger\": \"2.0\" }")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{ \"openrpc\": \"1.0.0\" }")]
    public void A_file_of_another_format_is_QIX005(string text)
    {
        var diagnostic = Single(Run(text), "QIX005");
        Assert.Equal((1, 1), Position(diagnostic));
    }

    [Fact]
    public void An_enigmajs_schema_whose_TypesFrom_spec_is_not_passed_is_QIX007_and_still_generates()
    {
        var path = System.IO.Path.Combine(TestPaths.EnigmaDir, "3.2.json");
        var run = GeneratorHarness.Run(new[] { new InputFile(path, File.ReadAllText(path), Namespace: "Qix.Old", TypesFrom: "/nowhere/engine-rpc.json") });
        var diagnostic = Single(run, "QIX007");
        Assert.Contains("/nowhere/engine-rpc.json", diagnostic.GetMessage());
        Assert.Contains(run.Sources, s => s.HintName == "Qix.Old.Doc.g.cs");
    }

    [Fact]
    public void An_enigmajs_schema_whose_TypesFrom_file_is_not_OpenRPC_is_QIX007()
    {
        var path = System.IO.Path.Combine(TestPaths.EnigmaDir, "3.2.json");
        var types = System.IO.Path.Combine(TestPaths.EnigmaDir, "3.1.json");
        var run = GeneratorHarness.Run(new[]
        {
            new InputFile(path, File.ReadAllText(path), Namespace: "Qix.Old", TypesFrom: types),
            new InputFile(types, File.ReadAllText(types), Kind: "Types"),
        });
        Assert.Contains("not an OpenRPC engine spec", Single(run, "QIX007").GetMessage());
    }

    [Fact]
    public void Unknown_overlay_entries_are_QIX006_at_the_entry()
    {
        var schema = Schema(
            """{ "name": "Doc.GetThing", "params": [], "result": { "name": "r", "schema": { "type": "object", "properties": { "qReturn": { "$ref": "#/components/schemas/ObjectInterface" } } } } }""",
            """ "ObjectInterface": { "type": "object", "properties": { "qHandle": { "type": "integer" } } } """);
        var overlay = "{\n  \"objectInterfaces\": {\n    \"Doc.NoSuchMethod\": \"Doc\",\n    \"Doc.GetThing\": \"NoSuchService\"\n  }\n}";
        var run = GeneratorHarness.Run(new[]
        {
            new InputFile(Path, schema, Namespace: "Qix.Broken", Overlay: "overlay.json"),
            new InputFile("/project/overlay.json", overlay, Kind: "Overlay"),
        });

        Assert.Null(run.Result.Results.Single().Exception);
        var found = run.GeneratorDiagnostics.Where(d => d.Id == "QIX006").OrderBy(d => Position(d).Line).ToList();
        Assert.Equal(2, found.Count);
        Assert.Equal("/project/overlay.json", found[0].Location.GetLineSpan().Path);
        Assert.Equal((3, 5), Position(found[0]));
        Assert.Equal((4, 5), Position(found[1]));
        // The method is unmapped, so it returns the common proxy base type.
        Assert.Contains("Task<global::QixGen.Objects.QixObject> GetThingAsync", run.Source("Qix.Broken.Doc.g.cs"));
    }

    [Fact]
    public void A_user_overlay_maps_an_object_interface_method()
    {
        var schema = Schema(
            """{ "name": "Doc.GetThing", "params": [], "result": { "name": "r", "schema": { "type": "object", "properties": { "qReturn": { "$ref": "#/components/schemas/ObjectInterface" } } } } }, { "name": "Field.GetCardinal", "params": [], "result": { "name": "r", "schema": { "type": "object" } } }""",
            """ "ObjectInterface": { "type": "object", "properties": { "qHandle": { "type": "integer" } } } """);
        var run = GeneratorHarness.Run(new[]
        {
            new InputFile(Path, schema, Namespace: "Qix.Broken", Overlay: "overlay.json"),
            new InputFile("/project/overlay.json", "{ \"objectInterfaces\": { \"Doc.GetThing\": \"Field\" } }", Kind: "Overlay"),
        });

        Assert.True(run.Problems.Count == 0, GenerationRun.Describe(run.Problems));
        Assert.Contains("Task<global::Qix.Broken.Field> GetThingAsync", run.Source("Qix.Broken.Doc.g.cs"));
    }

    [Fact]
    public void A_missing_overlay_is_QIX008()
    {
        var run = GeneratorHarness.Run(new[] { new InputFile(Path, Schema("", ""), Namespace: "Qix.Broken", Overlay: "missing.json") });
        var diagnostic = Single(run, "QIX008");
        Assert.Contains("missing.json", diagnostic.GetMessage());
    }

    [Fact]
    public void Damaged_real_schemas_never_make_the_generator_throw()
    {
        var full = File.ReadAllText(TestPaths.Schema("12.2528.0"));
        var random = new Random(20261128);
        for (var i = 0; i < 40; i++)
        {
            var chars = full.ToCharArray();
            // Flip a few structural characters at random places.
            for (var k = 0; k < 3; k++)
            {
                var at = random.Next(chars.Length);
                chars[at] = "{}[],:\"x0"[random.Next(9)];
            }

            var run = Run(new string(chars));
            Assert.Null(run.Result.Results.Single().Exception);
            Assert.All(run.GeneratorDiagnostics, d =>
            {
                Assert.StartsWith("QIX", d.Id);
                Assert.NotEqual("QIX009", d.Id);
                Assert.Equal(Path, d.Location.GetLineSpan().Path);
            });
        }
    }
}
