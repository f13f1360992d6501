using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Package.Tests;

/// <summary>
/// A consumer of the packages published trimmed and as Native AOT: not one IL2xxx/IL3xxx warning from QixGen,
/// QixGen.Testing or the generated code, and the published program runs the simulator scenario. The trimmed
/// publish runs in every test run; the AOT publish (minutes of native compilation) only with QIXGEN_AOT=1.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class TrimAndAotTests(PackedFeed feed, ITestOutputHelper output)
{
    private const string RuntimeIdentifier = "linux-x64";

    private static readonly Regex TrimOrAotWarning = new(@"warning IL[23]\d{3}\b", RegexOptions.Compiled);

    [Fact]
    public Task A_trimmed_consumer_has_no_trim_warnings_and_runs() => PublishAndRunAsync("trimmed", "-p:PublishTrimmed=true");

    [AotFact]
    public Task A_native_AOT_consumer_has_no_AOT_warnings_and_runs() => PublishAndRunAsync("aot", "-p:PublishAot=true");

    private async Task PublishAndRunAsync(string name, string mode)
    {
        Assert.True(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64, "These publish for linux-x64.");
        var workspace = feed.CreateWorkspace(name);
        var project = workspace.AddProject("Net8App", "12.2528.0");
        var outputDir = Path.Combine(workspace.Root, "published");

        // Warnings are counted, not turned into errors, so that a failure lists every one of them.
        var publish = await workspace.DotnetAsync("publish", project, "-r", RuntimeIdentifier, mode, "-p:TrimmerSingleWarn=false",
            "-p:TreatWarningsAsErrors=false", "-o", outputDir);
        var warnings = publish.StandardOutput.Split('\n').Select(l => l.Trim()).Where(l => TrimOrAotWarning.IsMatch(l)).Distinct().ToList();
        output.WriteLine($"{mode}: {warnings.Count} trim/AOT warnings");
        output.WriteLine(string.Join("\n", warnings));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Empty(warnings);

        var run = await DotnetCli.RunProgramAsync(Path.Combine(outputDir, "Net8App"), outputDir, TimeSpan.FromMinutes(2), null);
        output.WriteLine(run.ToString());
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("SUM=150", run.StandardOutput);
        Assert.Contains("\"qDocId\":\"Sales.qvf\"", run.StandardOutput);
    }
}

/// <summary>A fact for the long mode: skipped unless QIXGEN_AOT=1 (Native AOT needs clang and minutes of compilation).</summary>
public sealed class AotFactAttribute : FactAttribute
{
    public const string Variable = "QIXGEN_AOT";

    public AotFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"Native AOT publish is the long mode: set {Variable}=1 to run it.";
        }
    }
}
