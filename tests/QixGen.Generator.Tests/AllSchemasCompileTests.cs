using Microsoft.CodeAnalysis;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Generator.Tests;

/// <summary>
/// Every real engine schema generates code that compiles clean with nullable on and warnings as errors, next to a user
/// file that imports the bindings' namespace under ImplicitUsings and names every generated type unqualified.
/// </summary>
public sealed class AllSchemasCompileTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Schemas() => TestPaths.AllOpenRpcSchemas().Select(p => new object[] { Path.GetFileName(p) });

    [Fact]
    public void All_shared_openrpc_schemas_are_found()
    {
        var count = TestPaths.AllOpenRpcSchemas().Length;
        output.WriteLine($"OpenRPC schemas in {TestPaths.OpenRpcDir}: {count}");
        Assert.Equal(35, count);
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Schema_generates_and_compiles_without_any_diagnostic(string fileName)
    {
        var run = GeneratorHarness.RunSchema(Path.Combine(TestPaths.OpenRpcDir, fileName), "Qix.Test").WithUserFile("Qix.Test");

        Assert.Null(run.Result.Results.Single().Exception);
        var problems = run.Problems;
        output.WriteLine($"{fileName}: {run.Sources.Count()} files, {problems.Count} diagnostics, generated in {run.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(problems.Count == 0, GenerationRun.Describe(problems));
        Assert.Contains(run.Sources, s => s.HintName == "Qix.Test.Doc.g.cs");
        HelperPlacementTests.AssertMarkers(run.Output, "Qix.Test");
    }

    [Fact]
    public void Generated_code_compiles_with_CSharp_8()
    {
        // netstandard2.0 and .NET Framework projects often stay on an older language version.
        var path = TestPaths.Schema("12.2528.0");
        var parse = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8, Microsoft.CodeAnalysis.DocumentationMode.Diagnose);
        var (texts, options) = GeneratorHarness.Inputs(new[] { new InputFile(path, File.ReadAllText(path), Namespace: "Qix.CSharp8") });
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(new[] { new QixSchemaGenerator().AsSourceGenerator() }, texts, parse, options);
        var compilation = GeneratorHarness.Compilation(); // no user code: only the generated trees, parsed as C# 8
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var problems = generatorDiagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, GenerationRun.Describe(problems));
        Assert.All(output.SyntaxTrees, t => Assert.Equal(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8, ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)t.Options).LanguageVersion));
    }

    [Fact]
    public void Two_schemas_in_one_project_generate_side_by_side_in_their_own_namespaces()
    {
        var run = GeneratorHarness.Run(
            new[]
            {
                new InputFile(TestPaths.Schema("12.1205.0"), File.ReadAllText(TestPaths.Schema("12.1205.0"))),
                new InputFile(TestPaths.Schema("12.2528.0"), File.ReadAllText(TestPaths.Schema("12.2528.0")), Namespace: "Qix.Latest"),
            },
            """
            internal static class Use
            {
                public static string Versions() => EngineRpc12_1205_0.QixApi.EngineVersion + " " + Qix.Latest.QixApi.EngineVersion;
            }
            """);

        Assert.True(run.Problems.Count == 0, GenerationRun.Describe(run.Problems));
        Assert.Contains(run.Sources, s => s.HintName == "EngineRpc12_1205_0.Doc.g.cs");
        Assert.Contains(run.Sources, s => s.HintName == "Qix.Latest.Doc.g.cs");
    }
}
