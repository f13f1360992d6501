using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using QixGen.Generator;
using Xunit;

namespace QixGen.Cli.Tests;

/// <summary>qixgen generate, inspect, --help and bad input.</summary>
public sealed class CommandTests
{
    [Theory]
    [InlineData("openrpc", "12.2528.0", null)]
    [InlineData("enigmajs", "3.2", "12.1205.0")]
    public void Generate_writes_exactly_the_files_the_generator_makes(string kind, string version, string? typesVersion)
    {
        var schema = kind == "openrpc" ? CliRunner.OpenRpc(version) : CliRunner.Enigma(version);
        var types = typesVersion is null ? null : CliRunner.OpenRpc(typesVersion);
        var directory = Path.Combine(Path.GetTempPath(), "qixgen-generate-" + Guid.NewGuid().ToString("N"));
        try
        {
            var args = new List<string> { "generate", schema, "-o", directory, "--namespace", "My.Qix" };
            if (types is not null)
            {
                args.AddRange(new[] { "--types-from", types });
            }

            var (code, _, stderr) = CliRunner.Run(args.ToArray());
            Assert.True(code == 0, stderr);

            var expected = DriverOutput(schema, "My.Qix", types);
            var written = Directory.GetFiles(directory).ToDictionary(p => Path.GetFileName(p)!, File.ReadAllText);
            Assert.True(expected.Count > 10, $"the generator made only {expected.Count} files");
            Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), written.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var (hintName, text) in expected)
            {
                Assert.True(text == written[hintName], hintName + " differs from the generator's");
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Inspect_summarises_a_release()
    {
        var (code, stdout, stderr) = CliRunner.Run("inspect", CliRunner.OpenRpc("12.2528.0"));
        Assert.True(code == 0, stderr);
        Assert.Contains("engine 12.2528.0", stdout);
        Assert.Contains("methods: 336", stdout); // the spec's count (README of the shared schemas)
        Assert.Contains("  Doc: ", stdout);
        Assert.Contains("deprecated: ", stdout);
    }

    [Fact]
    public void Inspect_reads_an_enigmajs_schema()
    {
        var (code, stdout, stderr) = CliRunner.Run("inspect", CliRunner.Enigma("12.2027.0"));
        Assert.True(code == 0, stderr);
        Assert.Contains("engine 12.2027.0", stdout);
        Assert.Contains("services: 29, methods: 486", stdout); // the file's counts (README of the shared schemas)
    }

    [Fact]
    public void Help_lists_every_command_with_an_example()
    {
        var (code, stdout, _) = CliRunner.Run("--help");
        Assert.Equal(0, code);
        foreach (var command in new[] { "inspect", "diff", "generate", "Examples:" })
        {
            Assert.Contains(command, stdout);
        }
    }

    [Theory]
    [InlineData("inspect", "SCHEMA")]
    [InlineData("diff", "OLD")]
    [InlineData("generate", "--output")]
    [InlineData("serve", "--csv")]
    [InlineData("call", "--url")]
    [InlineData("repl", "--schema")]
    public void Every_command_has_help_with_what_it_does_and_its_inputs(string command, string mentioned)
    {
        var (code, stdout, stderr) = CliRunner.Run(command, "--help");
        Assert.True(code == 0, stderr);
        Assert.Contains("Description:", stdout);
        Assert.Contains("Usage:", stdout);
        Assert.Contains(mentioned, stdout);
        Assert.Empty(stderr);
    }

    [Theory]
    [InlineData("inspect", "/no/such/schema.json")]
    [InlineData("diff", "only-one.json")]
    [InlineData("diff", "a.json", "b.json", "--format", "yaml")]
    [InlineData("frobnicate")]
    [InlineData("generate", "schema.json")] // no -o
    [InlineData("generate", "/no/such/schema.json", "-o", "/tmp/qixgen-never")]
    [InlineData("inspect")]
    [InlineData("serve", "--csv", "a.csv", "--script", "b.qvs")]
    [InlineData("serve", "--csv", "/no/such/file.csv")]
    [InlineData("serve", "--port", "many")]
    [InlineData("call", "Global.EngineVersion")] // no --schema
    [InlineData("call", "Global.EngineVersion", "--schema", "/no/such/schema.json")]
    [InlineData("call", "Global.EngineVersion", "--schema", "s.json", "--url", "http://host/app/x")]
    [InlineData("call", "Global.EngineVersion", "--schema", "s.json", "--header", "NoEquals")]
    [InlineData("repl", "--schema", "/no/such/schema.json")]
    [InlineData("repl")]
    public void Bad_input_is_one_line_and_exit_code_2(params string[] args)
    {
        var (code, stdout, stderr) = CliRunner.Run(args);
        Assert.Equal(2, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "stderr: " + stderr);
        Assert.StartsWith("qixgen: ", lines[0]);
        Assert.DoesNotContain("   at ", stderr + stdout);
    }

    [Theory]
    [InlineData("--api-key", "K")] // authentication without --url
    [InlineData("--url", "ws://127.0.0.1:9/app/x", "--cert", "client.pem")] // --cert without --key
    [InlineData("--url", "ws://127.0.0.1:9/app/x", "--user-id", "u")] // identity without --cert
    [InlineData("--url", "ws://127.0.0.1:9/app/x", "--cert", "/no/client.pem", "--key", "/no/key.pem", "--user-directory", "D", "--user-id", "u")]
    [InlineData("Global.OpenDoc", "[1,")] // bad JSON (against the simulator)
    [InlineData("Global.OpenDoc", "{\"qDocNam\":\"x\"}")] // a parameter name the method lacks
    [InlineData("Global.NoSuchMethod")]
    public void Connection_and_argument_mistakes_of_call_are_one_line_and_exit_code_2(params string[] rest)
    {
        var args = new List<string> { "call" };
        if (!rest[0].Contains('.'))
        {
            args.Add("Global.EngineVersion");
        }

        args.AddRange(rest);
        args.AddRange(new[] { "--schema", CliRunner.OpenRpc("12.2528.0") });
        var (code, stdout, stderr) = CliRunner.Run(args.ToArray());
        Assert.True(code == 2, $"exit code {code}, stderr: {stderr}");
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("qixgen: ", stderr);
        Assert.DoesNotContain("   at ", stderr + stdout);
    }

    [Fact]
    public void A_file_that_is_not_a_schema_is_one_located_line()
    {
        var path = Path.Combine(Path.GetTempPath(), "qixgen-bad-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, "{ \"openrpc\": ");
        try
        {
            var (code, _, stderr) = CliRunner.Run("inspect", path);
            Assert.Equal(2, code);
            Assert.Contains("QIX001", stderr);
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The generator's own output, from Roslyn's driver, independent of qixgen's code.</summary>
    private static Dictionary<string, string> DriverOutput(string schema, string ns, string? types)
    {
        var texts = new List<AdditionalText> { new Text(schema) };
        var perFile = new Dictionary<string, Dictionary<string, string>>
        {
            [schema] = new() { ["build_metadata.AdditionalFiles.QixKind"] = "Schema", ["build_metadata.AdditionalFiles.Namespace"] = ns },
        };
        if (types is not null)
        {
            texts.Add(new Text(types));
            perFile[types] = new() { ["build_metadata.AdditionalFiles.QixKind"] = "Types" };
            perFile[schema]["build_metadata.AdditionalFiles.TypesFrom"] = types;
        }

        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new QixSchemaGenerator().AsSourceGenerator() }, texts, null, new Provider(perFile));
        driver = driver.RunGenerators(CSharpCompilation.Create("Expected"));
        var result = driver.GetRunResult().Results.Single();
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        return result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
    }

    private sealed class Text(string path) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(path));
    }

    private sealed class Provider(Dictionary<string, Dictionary<string, string>> perFile) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => new Options(new());

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(perFile.GetValueOrDefault(textFile.Path) ?? new());
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
