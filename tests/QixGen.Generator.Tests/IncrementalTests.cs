using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using QixGen.Generator.Model;
using QixGen.Generator.Parsing;
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

    [Fact]
    public void A_whitespace_only_schema_edit_leaves_the_model_unchanged_and_the_outputs_cached()
    {
        var (driver, _, schema) = FirstRun();
        var original = File.ReadAllText(SchemaPath);
        var spaced = "\n  " + original.Replace("\"methods\":", "\"methods\" :\n\t") + "\n\n";
        Assert.NotEqual(original, spaced);

        driver = driver.ReplaceAdditionalText(schema, new InMemoryAdditionalText(SchemaPath, spaced));
        driver = driver.RunGenerators(GeneratorHarness.Compilation("public class A { }"));
        var result = driver.GetRunResult().Results.Single();

        // The text changed, so the input and the parse ran again; the model they made is equal (Unchanged), so
        // nothing after the parse reruns (Cached).
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, QixSchemaGenerator.Steps.SchemaInputs));
        Assert.All(Reasons(result, QixSchemaGenerator.Steps.Parsed), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(Reasons(result, QixSchemaGenerator.Steps.Models), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(result, QixSchemaGenerator.Steps.Emitted), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Editing_a_user_overlay_regenerates()
    {
        const string OverlayPath = "/project/overlay.json";
        var files = new[]
        {
            new InputFile(SchemaPath, File.ReadAllText(SchemaPath), Namespace: "Qix", Overlay: "overlay.json"),
            new InputFile(OverlayPath, "{ \"objectInterfaces\": { \"Doc.GetObject\": \"GenericObject\" } }", Kind: "Overlay"),
        };
        var (texts, options) = GeneratorHarness.Inputs(files);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new QixSchemaGenerator().AsSourceGenerator() }, texts, GeneratorHarness.ParseOptions, options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(GeneratorHarness.Compilation("public class A { }"));
        var before = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "Qix.Doc.g.cs").SourceText.ToString();
        Assert.Contains("Task<global::Qix.GenericObject> GetObjectAsync", before);

        var overlay = texts.Single(t => t.Path == OverlayPath);
        driver = driver.ReplaceAdditionalText(overlay, new InMemoryAdditionalText(OverlayPath, "{ \"objectInterfaces\": { \"Doc.GetObject\": \"GenericBookmark\" } }"));
        driver = driver.RunGenerators(GeneratorHarness.Compilation("public class A { }"));
        var result = driver.GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, QixSchemaGenerator.Steps.Overlays));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, QixSchemaGenerator.Steps.Parsed));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, QixSchemaGenerator.Steps.Emitted));
        var after = result.GeneratedSources.Single(s => s.HintName == "Qix.Doc.g.cs").SourceText.ToString();
        Assert.Contains("Task<global::Qix.GenericBookmark> GetObjectAsync", after);
    }

    [Fact]
    public void The_model_holds_no_Roslyn_symbol_syntax_node_or_location()
    {
        var model = OpenRpcParser.Parse(SchemaPath, File.ReadAllText(SchemaPath), "Qix", Overlay.Empty, null).Model!;
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var roslyn = new List<string>();
        var count = Walk(model, "model", visited, roslyn);

        Assert.True(count > 10_000, $"walked only {count} values"); // the walk really went through the model
        Assert.True(roslyn.Count == 0, string.Join(Environment.NewLine, roslyn.Take(10)));
    }

    /// <summary>Counts the values reachable from <paramref name="value"/>, noting any of a Roslyn type.</summary>
    private static int Walk(object? value, string path, HashSet<object> visited, List<string> roslyn)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return 1;
        }

        var type = value.GetType();
        if (type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true
            || value is ISymbol or SyntaxNode or Location or SyntaxTree or Compilation)
        {
            roslyn.Add(path + ": " + type.FullName);
            return 1;
        }

        if (!type.IsValueType && !visited.Add(value))
        {
            return 0;
        }

        var count = 1;
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                count += Walk(item, path + "[" + i++ + "]", visited, roslyn);
            }

            return count;
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            count += Walk(field.GetValue(value), path + "." + field.Name, visited, roslyn);
        }

        return count;
    }

    private static List<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step)
    {
        var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(reasons);
        return reasons;
    }
}
