using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Generator.Tests;

/// <summary>
/// Every enigma.js schema (Qlik Sense 2.1 to 12.2027.0) generates code that compiles clean: with types inferred
/// from default values, and with types taken from an OpenRPC spec (TypesFrom); next to a user file that imports the
/// bindings' namespace under ImplicitUsings and names every generated type unqualified.
/// </summary>
public sealed class EnigmaJsSchemasCompileTests(ITestOutputHelper output)
{
    /// <summary>The spec the tests take types from: the oldest OpenRPC release, as a user on an old engine would.</summary>
    internal const string TypesSpecVersion = "12.1205.0";

    public static IEnumerable<object[]> Schemas() => AllEnigmaSchemas().Select(p => new object[] { Path.GetFileName(p) });

    internal static string[] AllEnigmaSchemas() =>
        Directory.GetFiles(TestPaths.EnigmaDir, "*.json").OrderBy(p => p, StringComparer.Ordinal).ToArray();

    internal static InputFile[] Inputs(string fileName, string ns, bool withTypes)
    {
        var path = Path.Combine(TestPaths.EnigmaDir, fileName);
        var schema = new InputFile(path, File.ReadAllText(path), Namespace: ns, TypesFrom: withTypes ? TestPaths.Schema(TypesSpecVersion) : null);
        return withTypes
            ? new[] { schema, new InputFile(TestPaths.Schema(TypesSpecVersion), File.ReadAllText(TestPaths.Schema(TypesSpecVersion)), Kind: "Types") }
            : new[] { schema };
    }

    [Fact]
    public void All_shared_enigmajs_schemas_are_found() => Assert.Equal(17, AllEnigmaSchemas().Length);

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Schema_with_inferred_types_compiles_without_any_diagnostic(string fileName) => Compiles(fileName, withTypes: false);

    // With a spec: the oldest and newest of each schema generation (10-12 services, then 29), to keep CI time down.
    [Theory]
    [InlineData("2.1.json")]
    [InlineData("3.2.json")]
    [InlineData("12.936.0.json")]
    [InlineData("12.2027.0.json")]
    public void Schema_with_TypesFrom_compiles_without_any_diagnostic(string fileName) => Compiles(fileName, withTypes: true);

    private void Compiles(string fileName, bool withTypes)
    {
        var run = GeneratorHarness.Run(Inputs(fileName, "Qix.Enigma", withTypes)).WithUserFile("Qix.Enigma");

        Assert.Null(run.Result.Results.Single().Exception);
        output.WriteLine($"{fileName} (types {(withTypes ? "from " + TypesSpecVersion : "inferred")}): {run.Sources.Count()} files, {run.Problems.Count} diagnostics, {run.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(run.Problems.Count == 0, GenerationRun.Describe(run.Problems));
        Assert.Contains(run.Sources, s => s.HintName == "Qix.Enigma.Doc.g.cs");
        Assert.Contains(run.Sources, s => s.HintName == "Qix.Enigma.Global.g.cs");
        HelperPlacementTests.AssertMarkers(run.Output, "Qix.Enigma");
    }
}

/// <summary>What TypesFrom changes: types, results and proxies from the spec; methods and parameters from the enigma.js file.</summary>
public sealed class EnigmaJsTypesFromTests
{
    [Fact]
    public void With_TypesFrom_known_methods_are_typed_by_the_spec_and_release_only_methods_still_exist()
    {
        var run = GeneratorHarness.Run(
            EnigmaJsSchemasCompileTests.Inputs("3.2.json", "Qix.Enigma", withTypes: true),
            """
            internal static class Use
            {
                public static async System.Threading.Tasks.Task RunAsync(Qix.Enigma.Global global)
                {
                    Qix.Enigma.Doc doc = await global.OpenDocAsync("app.qvf", noData: true);
                    Qix.Enigma.GenericObject obj = await doc.CreateSessionObjectAsync(new Qix.Enigma.GenericObjectProperties());
                    Qix.Enigma.GenericObjectLayout layout = await obj.GetLayoutAsync();
                    Qix.Enigma.Field field = await doc.GetFieldAsync("Country");
                    await doc.RemoveAllDataAsync(confirm: true); // in 3.2, gone from the 12.1205.0 spec: inferred bool
                }
            }
            """);

        Assert.True(run.Problems.Count == 0, GenerationRun.Describe(run.Problems));
        var doc = run.Source("Qix.Enigma.Doc.g.cs");
        Assert.DoesNotContain("AddSessionAlternateStateAsync", doc); // in the spec, not in 3.2: not generated
        Assert.Equal("3.2", EngineVersionOf(run));
    }

    [Fact]
    public void Without_TypesFrom_types_come_from_default_values_and_handles_from_the_overlay()
    {
        var run = GeneratorHarness.Run(
            EnigmaJsSchemasCompileTests.Inputs("3.2.json", "Qix.Enigma", withTypes: false),
            """
            internal static class Use
            {
                public static async System.Threading.Tasks.Task RunAsync(Qix.Enigma.Global global, System.Text.Json.JsonElement props)
                {
                    Qix.Enigma.Doc doc = await global.OpenDocAsync("app.qvf", noData: true);
                    Qix.Enigma.GenericObject obj = await doc.CreateSessionObjectAsync(props);
                    Qix.Enigma.Field field = await doc.GetFieldAsync("Country");
                    System.Text.Json.JsonElement count = await field.GetCardinalAsync(); // qReturn, untyped
                    System.Text.Json.JsonElement layout = await obj.GetLayoutAsync();
                    Qix.Enigma.SortIndicatorType sort = Qix.Enigma.SortIndicatorType.NxSortIndicateAsc; // NX_SORT_INDICATE_ASC = 1 (docs/naming.md: the member keeps the words the type name lacks)
                    int number = sort.NumericValue ?? -1;
                }
            }
            """);

        Assert.True(run.Problems.Count == 0, GenerationRun.Describe(run.Problems));
    }

    private static string EngineVersionOf(GenerationRun run)
    {
        var api = run.Source("Qix.Enigma.QixApi.g.cs");
        var match = System.Text.RegularExpressions.Regex.Match(api, "EngineVersion = \"([^\"]*)\"");
        Assert.True(match.Success, "QixApi has no EngineVersion constant");
        return match.Groups[1].Value;
    }
}
