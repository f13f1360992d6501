using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Package.Tests;

/// <summary>
/// The samples' command lines (System.CommandLine): --help lists every option; a mistake is one line on stderr
/// and exit code 2, never a stack trace. Runs the samples this project's build has just built.
/// </summary>
public sealed class SampleCommandLineTests(ITestOutputHelper output)
{
    private static readonly string[] EveryOption =
    {
        "--url", "--app", "--api-key", "--cert", "--key", "--root", "--user-directory", "--user-id", "--header", "--windows", "--help",
    };

    private async Task<ProcessResult> RunSampleAsync(string sample, params string[] arguments)
    {
        var dll = TestPaths.SampleAssembly(sample);
        Assert.True(File.Exists(dll), $"{dll} is not built");
        var result = await DotnetCli.RunAsync(Path.GetDirectoryName(dll)!, TimeSpan.FromMinutes(2), new[] { dll }.Concat(arguments).ToArray());
        output.WriteLine(result.ToString());
        return result;
    }

    [Theory]
    [InlineData("Quickstart", "--help")]
    [InlineData("Quickstart", "-h")]
    [InlineData("Selections", "--help")]
    [InlineData("Export", "--help")]
    public async Task Help_lists_every_option(string sample, string help)
    {
        var result = await RunSampleAsync(sample, help);

        Assert.Equal(0, result.ExitCode);
        foreach (var option in EveryOption)
        {
            Assert.Contains(option, result.StandardOutput);
        }

        if (sample == "Selections")
        {
            Assert.Contains("--select", result.StandardOutput);
            Assert.Contains("--fields", result.StandardOutput);
        }

        if (sample == "Export")
        {
            Assert.Contains("--rows", result.StandardOutput);
            Assert.Contains("--out", result.StandardOutput);
            Assert.Contains("--object", result.StandardOutput);
        }
    }

    [Theory]
    [InlineData("Quickstart", "--url not-a-url", "--url 'not-a-url' is not an engine URL")]
    [InlineData("Quickstart", "--urll wss://host/app/x", "Unrecognized command or argument '--urll'")]
    [InlineData("Quickstart", "--header NoEquals", "--header 'NoEquals' is not Name=Value")]
    [InlineData("Quickstart", "--url wss://host/app/x", "--app is required with --url")]
    [InlineData("Selections", "--select Atlantis", "'Atlantis' is not a value of Region")]
    public async Task A_mistake_is_one_line_and_exit_code_2(string sample, string arguments, string message)
    {
        var result = await RunSampleAsync(sample, arguments.Split(' '));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(message, line);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.DoesNotContain("Exception", result.Output);
    }
}
