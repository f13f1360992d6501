using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using QixGen.Generator;

namespace QixGen.Cli.Commands;

/// <summary>
/// <c>qixgen generate SCHEMA -o DIR</c>: runs the QixGen source generator itself (through Roslyn's generator driver,
/// as the compiler does) and writes each generated file under its hint name, so the files are exactly the build's.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var schema = new Argument<string>("SCHEMA") { Description = "The engine schema: an OpenRPC spec (engine-rpc-*.json) or an enigma.js schema file." };
        var output = new Option<string>("--output", "-o") { Description = "The folder to write the generated .cs files to (created if missing).", HelpName = "DIR", Required = true };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The C# namespace of the generated code (default: from the file name, as the build does without Namespace).", HelpName = "NAMESPACE" };
        var typesFrom = new Option<string?>("--types-from") { Description = "For an enigma.js schema: the OpenRPC spec to take types from (the TypesFrom item metadata).", HelpName = "SPEC" };
        var command = new Command("generate", "Write the C# files the QixGen generator makes from a schema, for review or for projects that cannot run analyzers.")
        {
            schema, output, ns, typesFrom,
        };
        command.SetAction(parsed =>
        {
            var files = Generate(parsed.GetValue(schema)!, parsed.GetValue(ns), parsed.GetValue(typesFrom), out var diagnostics);
            foreach (var diagnostic in diagnostics)
            {
                Console.Error.WriteLine(SchemaFile.Describe(diagnostic));
            }

            if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return 1;
            }

            var directory = parsed.GetValue(output)!;
            try
            {
                Directory.CreateDirectory(directory);
                foreach (var (hintName, text) in files)
                {
                    File.WriteAllText(Path.Combine(directory, hintName), text);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new CliException($"cannot write to '{directory}': {e.Message}");
            }

            Console.WriteLine($"{files.Count} files written to {directory}");
            return 0;
        });
        return command;
    }

    /// <summary>The generator's files for <paramref name="schemaPath"/> (hint name, text), in its order, and its diagnostics.</summary>
    public static IReadOnlyList<(string HintName, string Text)> Generate(string schemaPath, string? ns, string? typesFrom, out ImmutableArray<Diagnostic> diagnostics)
    {
        var path = Path.GetFullPath(schemaPath);
        var texts = new List<AdditionalText> { new FileText(path, SchemaFile.Read(schemaPath)) };
        var options = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
        {
            [path] = new() { ["build_metadata.AdditionalFiles.QixKind"] = "Schema" },
        };
        if (ns is not null)
        {
            options[path]["build_metadata.AdditionalFiles.Namespace"] = ns;
        }

        if (typesFrom is not null)
        {
            var typesPath = Path.GetFullPath(typesFrom);
            texts.Add(new FileText(typesPath, SchemaFile.Read(typesFrom)));
            options[typesPath] = new() { ["build_metadata.AdditionalFiles.QixKind"] = "Types" };
            options[path]["build_metadata.AdditionalFiles.TypesFrom"] = typesPath;
        }

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new QixSchemaGenerator().AsSourceGenerator() },
            texts,
            new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose),
            new OptionsProvider(options));
        driver = driver.RunGenerators(CSharpCompilation.Create("QixGenCli"));
        var result = driver.GetRunResult().Results.Single();
        diagnostics = result.Diagnostics;
        return result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();
    }

    private sealed class FileText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class OptionsProvider(Dictionary<string, Dictionary<string, string>> perFile) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string>
        {
            ["build_property.MSBuildProjectDirectory"] = Directory.GetCurrentDirectory(),
        });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            perFile.TryGetValue(textFile.Path, out var values) ? new Options(values) : Options.None;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options None = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
