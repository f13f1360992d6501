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
    [InlineData("Desktop", "--help")]
    [InlineData("FieldList", "--help")]
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

        if (sample == "FieldList")
        {
            foreach (var flag in new[] { "--show-system", "--show-hidden", "--show-src-tables", "--show-semantic", "--show-derived-fields" })
            {
                Assert.Contains(flag, result.StandardOutput);
            }
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

    [Fact]
    public async Task Desktop_prints_the_names_of_the_apps_GetDocList_lists()
    {
        var result = await RunSampleAsync("Desktop");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"at ws://127\.0\.0\.1:\d+/app/ ", result.StandardOutput); // Desktop's path, on a loopback WebSocket
        Assert.Contains("2 apps on ", result.StandardOutput);
        Assert.Contains("  Budget 2027  (id Budget.qvf)", result.StandardOutput);
        Assert.Contains("  Sales (QixGen simulator)  (id Sales.qvf)", result.StandardOutput);
    }

    [Fact]
    public async Task Desktop_with_a_url_no_engine_listens_on_is_one_line_and_exit_code_1()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a port nothing listens on: connecting is refused

        var result = await RunSampleAsync("Desktop", "--url", $"ws://127.0.0.1:{port}/app/");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public async Task FieldList_flags_choose_the_fields_the_simulator_lists()
    {
        var plain = await RunSampleAsync("FieldList");
        var all = await RunSampleAsync("FieldList", "--show-system", "--show-hidden", "--show-src-tables", "--show-semantic", "--show-derived-fields");

        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("4 fields in Sales.qvf:", plain.StandardOutput);
        Assert.Contains("  Region: 3 values [$key $ascii $text]\n", plain.StandardOutput.Replace("\r", ""));
        Assert.DoesNotContain("%RegionKey", plain.StandardOutput);
        Assert.DoesNotContain("$Field", plain.StandardOutput);

        Assert.Equal(0, all.ExitCode);
        Assert.Contains("10 fields in Sales.qvf:", all.StandardOutput);
        Assert.Contains("  Region: 3 values [$key $ascii $text] in Sales, Regions, Keys", all.StandardOutput);
        Assert.Contains("  %RegionKey: 3 values [$numeric $integer] hidden in Keys", all.StandardOutput);
        Assert.Contains("  $Table: 3 values [$system $ascii $text] system", all.StandardOutput);
    }
}
