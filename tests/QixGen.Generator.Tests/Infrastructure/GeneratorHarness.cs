using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace QixGen.Generator.Tests;

/// <summary>A file handed to the generator as a project's AdditionalFiles item would be.</summary>
internal sealed record InputFile(string Path, string Text, string Kind = "Schema", string? Namespace = null, string? Overlay = null, string? TypesFrom = null);

internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

internal sealed class DictionaryOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
{
    public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
}

internal sealed class TestOptionsProvider(Dictionary<string, Dictionary<string, string>> perFile, Dictionary<string, string> global) : AnalyzerConfigOptionsProvider
{
    private static readonly DictionaryOptions s_empty = new(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(global);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        perFile.TryGetValue(textFile.Path, out var options) ? new DictionaryOptions(options) : s_empty;
}

/// <summary>Runs <see cref="QixSchemaGenerator"/> inside an in-test Roslyn compilation.</summary>
internal static class GeneratorHarness
{
    public const string ProjectDir = "/project";

    public static CSharpParseOptions ParseOptions { get; } =
        new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "QixUser",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/project/User{i}.cs")),
            Basic.Reference.Assemblies.Net80.References.All.Concat(new[] { MetadataReference.CreateFromFile(typeof(QixGen.Objects.QixObject).Assembly.Location) }),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                deterministic: true));

    public static (ImmutableArray<AdditionalText> Texts, TestOptionsProvider Options) Inputs(IEnumerable<InputFile> files)
    {
        var perFile = new Dictionary<string, Dictionary<string, string>>();
        var texts = new List<AdditionalText>();
        foreach (var file in files)
        {
            texts.Add(new InMemoryAdditionalText(file.Path, file.Text));
            var options = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.QixKind"] = file.Kind };
            if (file.Namespace is not null) options["build_metadata.AdditionalFiles.Namespace"] = file.Namespace;
            if (file.Overlay is not null) options["build_metadata.AdditionalFiles.Overlay"] = file.Overlay;
            if (file.TypesFrom is not null) options["build_metadata.AdditionalFiles.TypesFrom"] = file.TypesFrom;
            perFile[file.Path] = options;
        }

        var global = new Dictionary<string, string> { ["build_property.MSBuildProjectDirectory"] = ProjectDir };
        return (texts.ToImmutableArray(), new TestOptionsProvider(perFile, global));
    }

    public static GeneratorDriver CreateDriver(IEnumerable<InputFile> files)
    {
        var (texts, options) = Inputs(files);
        return CSharpGeneratorDriver.Create(
            new[] { new QixSchemaGenerator().AsSourceGenerator() },
            texts,
            ParseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>Generates from <paramref name="files"/> and compiles the result with <paramref name="userSources"/>.</summary>
    public static GenerationRun Run(IEnumerable<InputFile> files, params string[] userSources)
    {
        var driver = CreateDriver(files);
        var compilation = Compilation(userSources);
        var watch = Stopwatch.StartNew();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        watch.Stop();
        return new GenerationRun(driver, driver.GetRunResult(), (CSharpCompilation)output, generatorDiagnostics, watch.Elapsed);
    }

    public static GenerationRun RunSchema(string path, string? ns = null, params string[] userSources) =>
        Run(new[] { new InputFile(path, System.IO.File.ReadAllText(path), Namespace: ns) }, userSources);
}

internal sealed record GenerationRun(
    GeneratorDriver Driver,
    GeneratorDriverRunResult Result,
    CSharpCompilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    TimeSpan Elapsed)
{
    public IEnumerable<GeneratedSourceResult> Sources => Result.Results.SelectMany(r => r.GeneratedSources);

    public string Source(string hintName) =>
        Sources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>Every error and warning of the compiled output (generator diagnostics included).</summary>
    public IReadOnlyList<Diagnostic> Problems =>
        GeneratorDiagnostics.Concat(Output.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();

    public static string Describe(IEnumerable<Diagnostic> diagnostics, int max = 20) =>
        string.Join(Environment.NewLine, diagnostics.Take(max).Select(d => d.ToString()));
}
