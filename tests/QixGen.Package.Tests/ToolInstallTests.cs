using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Package.Tests;

/// <summary>
/// The qixgen tool as a user gets it: installed with `dotnet tool install` from the packed feed (the same pack of
/// QixGen.sln as the other package tests), then run.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ToolInstallTests(PackedFeed feed, ITestOutputHelper output)
{
    [Fact]
    public async Task The_qixgen_tool_installs_from_the_feed_and_runs()
    {
        var workspace = feed.CreateWorkspace("tool");
        var toolPath = Path.Combine(workspace.Root, "tools");
        var install = await DotnetCli.RunAsync(workspace.Root, PackedFeed.CommandTimeout, "tool", "install", "QixGen.Cli", "--tool-path", toolPath, "--version", workspace.Version); // the workspace nuget.config maps QixGen.* to the feed
        output.WriteLine(install.ToString());
        Assert.True(install.ExitCode == 0, install.ToString());

        var qixgen = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "qixgen.exe" : "qixgen");
        var inspect = await DotnetCli.RunProgramAsync(qixgen, workspace.Root, TimeSpan.FromMinutes(2), null, "inspect", TestPaths.Schema("12.2528.0"));
        output.WriteLine(inspect.ToString());
        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains("engine 12.2528.0", inspect.StandardOutput);

        var mistake = await DotnetCli.RunProgramAsync(qixgen, workspace.Root, TimeSpan.FromMinutes(2), null, "inspect", "/no/such/file.json");
        Assert.Equal(2, mistake.ExitCode);
        Assert.DoesNotContain("   at ", mistake.Output);
    }
}
