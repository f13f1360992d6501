using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace QixGen.Generator.Tests;

/// <summary>The pipeline caches: unrelated edits rerun nothing; a schema edit regenerates.</summary>
public sealed class IncrementalTests
{
    private static readonly string SchemaPath = TestPaths.Schema("12.2528.0");

    private static (GeneratorDriver Driver, CSharpCompilation Compilation, AdditionalText Schema) FirstRun()
    {
        var (texts, options) = GeneratorHarness.Inputs(new[] { new InputFile(SchemaPath, File.ReadAllText(SchemaPath), Namespace: "Qix") });
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new QixSchemaGenerator().AsSourceGenerator() },
            texts,
            GeneratorHarness.ParseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var compilation = GeneratorHarness.Compilation("public class A { }");
        driver = driver.RunGenerators(compilation);
        return (driver, compilation, texts.Single());
    }

    [Fact]
    public void Editing_an_unrelated_cs_file_reruns_nothing()
    {
        var (driver, compilation, _) = FirstRun();
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText("public class A { public int Changed; }", GeneratorHarness.ParseOptions, path: "/project/User0.cs"));

        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult().Results.Single();

        foreach (var step in new[] { QixSchemaGenerator.Steps.SchemaInputs, QixSchemaGenerator.Steps.Parsed, QixSchemaGenerator.Steps.Models })
        {
            var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }

        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Editing_the_schema_regenerates()
    {
        var (driver, _, schema) = FirstRun();
        var original = File.ReadAllText(SchemaPath);
        var changed = original.Replace("\"Retrieves the number of distinct values in a field.\"", "\"Counts the distinct values of a field.\"");
        Assert.NotEqual(original, changed);

        var oldText = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "Qix.Field.g.cs").SourceText.ToString();
        driver = driver.ReplaceAdditionalText(schema, new InMemoryAdditionalText(SchemaPath, changed));
        driver = driver.RunGenerators(GeneratorHarness.Compilation("public class A { }"));
        var result = driver.GetRunResult().Results.Single();

        var parsed = result.TrackedSteps[QixSchemaGenerator.Steps.Parsed].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, parsed);
        var newText = result.GeneratedSources.Single(s => s.HintName == "Qix.Field.g.cs").SourceText.ToString();
        Assert.Contains("Counts the distinct values of a field.", newText);
        Assert.DoesNotContain("Counts the distinct values of a field.", oldText);
    }
}
