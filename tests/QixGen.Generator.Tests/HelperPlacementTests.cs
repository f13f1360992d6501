using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace QixGen.Generator.Tests;

/// <summary>
/// The runtime's helpers appear where they apply: app-level ones (lists, reads by id or definition) on the Doc proxy,
/// object-level data reads on GenericObject. The generator marks those proxies with the runtime's marker interfaces by
/// wire name; the helpers' constraints do the rest, checked here by compiling user code against generated bindings.
/// </summary>
public sealed class HelperPlacementTests
{
    /// <summary>Asserts that the proxies of <paramref name="ns"/> in a compiled run carry exactly the right markers.</summary>
    internal static void AssertMarkers(CSharpCompilation output, string ns)
    {
        var doc = output.GetTypeByMetadataName("QixGen.Objects.IQixDoc");
        var genericObject = output.GetTypeByMetadataName("QixGen.Objects.IQixGenericObject");
        Assert.NotNull(doc);
        Assert.NotNull(genericObject);
        bool Has(string type, INamedTypeSymbol marker) =>
            output.GetTypeByMetadataName($"{ns}.{type}") is { } symbol && symbol.AllInterfaces.Contains(marker, SymbolEqualityComparer.Default);

        Assert.True(Has("Doc", doc!), $"{ns}.Doc does not implement IQixDoc");
        Assert.True(Has("GenericObject", genericObject!), $"{ns}.GenericObject does not implement IQixGenericObject");
        Assert.False(Has("Field", doc!) || Has("Field", genericObject!), $"{ns}.Field carries a helper marker");
        Assert.False(Has("Global", doc!) || Has("Doc", genericObject!) || Has("GenericObject", doc!), "a proxy carries the other proxy's marker");
    }

    private static System.Collections.Generic.List<Diagnostic> Diagnostics(CSharpCompilation output, string path)
    {
        var tree = output.SyntaxTrees.Single(t => t.FilePath == path);
        return output.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
    }

    [Fact]
    public void App_helpers_are_on_Doc_only_and_data_reads_on_GenericObject_only()
    {
        const string allowed = """
            using System.Threading.Tasks;
            using QixGen.Changes;
            using QixGen.Lists;
            using QixGen.Paging;
            using Qix.Placement;

            internal static class Allowed
            {
                public static async Task Use(Doc doc, GenericObject genericObject, Field field)
                {
                    await doc.ListSheetsAsync();
                    await doc.ListAsync(QixLists.Bookmarks);
                    await using var live = await doc.WatchListAsync(QixLists.Variables);
                    await foreach (var row in doc.ReadHyperCubeRowsAsync("table-id")) { _ = row.Cells; }
                    await foreach (var row in doc.ReadListObjectRowsFromDefinitionAsync("{}")) { _ = row.Cells; }
                    await foreach (var row in genericObject.ReadHyperCubeRowsAsync()) { _ = row.ColumnHeaders; }
                    await foreach (var row in genericObject.ReadListObjectRowsAsync()) { _ = row.DimensionCount; }
                    await foreach (var change in field.ChangesAsync()) { _ = change.Sequence; } // notifications concern every object
                }
            }
            """;
        // Each line must fail to compile on its own line.
        string[] misplaced =
        {
            "field.ListSheetsAsync();",
            "genericObject.ListSheetsAsync();",
            "global.ListFieldsAsync();",
            "field.WatchListAsync(QixLists.Sheets);",
            "genericObject.ReadHyperCubeRowsAsync(\"table-id\");",
            "genericObject.ReadHyperCubeRowsFromDefinitionAsync(\"{}\");",
            "doc.ReadHyperCubeRowsAsync();",
            "field.ReadListObjectRowsAsync();",
        };
        var denied = $$"""
            using QixGen.Lists;
            using QixGen.Paging;
            using Qix.Placement;

            internal static class Denied
            {
                public static void Use(Global global, Doc doc, GenericObject genericObject, Field field)
                {
            {{string.Join("\n", misplaced.Select(line => "        _ = " + line.TrimEnd(';') + ";"))}}
                }
            }
            """;
        // One generation, two user files; only the user files are bound (the generated code's own diagnostics are
        // AllSchemasCompileTests' business), which keeps this test to seconds.
        var run = GeneratorHarness.RunSchema(TestPaths.Schema("12.2528.0"), "Qix.Placement", allowed, denied);
        AssertMarkers(run.Output, "Qix.Placement");
        var allowedProblems = Diagnostics(run.Output, "/project/User0.cs");
        Assert.True(allowedProblems.Count == 0, GenerationRun.Describe(allowedProblems));
        var errors = Diagnostics(run.Output, "/project/User1.cs").Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var firstLine = denied.Split('\n').ToList().FindIndex(l => l.Contains("_ = ", System.StringComparison.Ordinal));
        for (var i = 0; i < misplaced.Length; i++)
        {
            var line = firstLine + i;
            Assert.True(
                errors.Any(e => e.Location.GetLineSpan().StartLinePosition.Line == line),
                $"'{misplaced[i]}' compiled, but it should not. Errors: {GenerationRun.Describe(errors)}");
        }

        Assert.All(errors, e => Assert.True(e.Location.GetLineSpan().StartLinePosition.Line >= firstLine && e.Location.GetLineSpan().StartLinePosition.Line < firstLine + misplaced.Length, e.ToString()));
    }
}
