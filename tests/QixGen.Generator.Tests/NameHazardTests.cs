using System.Linq;
using Xunit;

namespace QixGen.Generator.Tests;

/// <summary>Names that would break or mislead C#: keywords, BCL look-alikes, members named like their type.</summary>
public sealed class NameHazardTests
{
    private const string Schema = """
        {
          "openrpc": "1.0.0",
          "info": { "title": "QIX", "version": "1.0.0" },
          "methods": [
            { "name": "Doc.GetRange", "params": [
                { "name": "qParams", "required": true, "schema": { "type": "string" } },
                { "name": "qObject", "schema": { "$ref": "#/components/schemas/Range" } },
                { "name": "qWriter", "schema": { "type": "integer" } } ],
              "result": { "name": "r", "schema": { "type": "object", "properties": { "qReturn": { "$ref": "#/components/schemas/Range" } } } } },
            { "name": "Doc.ToString", "params": [], "result": { "name": "r", "schema": { "type": "object" } } }
          ],
          "components": { "schemas": {
            "Range": { "type": "object", "properties": { "qRange": { "type": "string" }, "qTask": { "$ref": "#/components/schemas/Task" } } },
            "Task": { "type": "object", "properties": { "qString": { "type": "string" }, "qAdditionalProperties": { "type": "boolean" } } },
            "Point": { "type": "string", "oneOf": [ { "title": "WireValue" }, { "title": "IsKnown" }, { "title": "class" } ] }
          } }
        }
        """;

    [Fact]
    public void Hazardous_names_compile_next_to_user_code_that_imports_System()
    {
        var run = GeneratorHarness.Run(new[] { new InputFile("/project/hazards.json", Schema, Namespace: "Qix.Hazards") }, """
            using System;
            using System.Threading.Tasks;
            using Qix.Hazards;

            internal static class Use
            {
                public static async Task<string?> Run(Doc doc)
                {
                    QixRange range = await doc.GetRangeAsync("p", @object: new QixRange { Range = "r" }, writer: 3); // Range and Task: renamed, no CS0104
                    await doc.ToStringAsync();
                    return range.Task?.String;
                }
            }
            """);

        // The clashes are reported (a member named like a generated one), and everything still compiles.
        var clashes = run.GeneratorDiagnostics.Where(d => d.Id == "QIX004").Select(d => d.GetMessage()).ToList();
        Assert.Contains(clashes, m => m.Contains("AdditionalProperties2"));
        Assert.Contains(clashes, m => m.Contains("WireValue2"));
        Assert.Contains(clashes, m => m.Contains("IsKnown2"));
        var compileErrors = run.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error && !d.Id.StartsWith("QIX")).ToList();
        Assert.True(compileErrors.Count == 0, GenerationRun.Describe(compileErrors));

        var doc = run.Source("Qix.Hazards.Doc.g.cs");
        Assert.Contains("GetRangeAsync(string @params, global::Qix.Hazards.QixRange? @object = null, int? writer = null,", doc);
        Assert.Contains("public global::System.Threading.Tasks.Task ToStringAsync(", doc);
        Assert.Contains("public string? Range { get; set; }", run.Source("Qix.Hazards.QixRange.g.cs"));
        Assert.Contains("public global::Qix.Hazards.QixTask? Task { get; set; }", run.Source("Qix.Hazards.QixRange.g.cs"));
        Assert.Contains("public static global::Qix.Hazards.Point Class =>", run.Source("Qix.Hazards.Point.g.cs"));
    }
}
