using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Package.Tests;

/// <summary>
/// The packages as a user gets them: fresh projects outside the repository reference QixGen (and QixGen.Testing)
/// from the packed feed only, add a real schema as a QixSchema item, build with nullable on and warnings as
/// errors, and run. All four consumers restore and build in one command.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackAndConsumeTests(PackedFeed feed, ITestOutputHelper output)
{
    private sealed record Built(ConsumerWorkspace Workspace, ProcessResult Build, string Single, string TwoReleases, string Library, string Net8, string Snapshot);

    private Task<Built> BuildConsumersAsync() => feed.SharedAsync("consumers", async () =>
    {
        var workspace = feed.CreateWorkspace("consumers");
        var single = workspace.AddProject("SingleSchemaApp", "12.2528.0");
        var two = workspace.AddProject("TwoReleasesApp", "12.1205.0", "12.2528.0");
        var library = workspace.AddProject("NetStandardLibrary", "12.2528.0");
        var net8 = workspace.AddProject("Net8App", "12.2528.0");
        var snapshot = workspace.AddProject("SnapshotRecipe");
        File.Copy(TestPaths.Schema("12.2393.0"), Path.Combine(Path.GetDirectoryName(snapshot)!, "engine-rpc.json"));
        var solution = workspace.AddSolution("Consumers", new[] { single, two, library, net8, snapshot });
        var build = await workspace.DotnetAsync("build", solution);
        return new Built(workspace, build, single, two, library, net8, snapshot);
    });

    [Fact]
    public void The_package_holds_runtime_generator_build_files_and_symbols()
    {
        Assert.True(feed.Pack is { ExitCode: 0 }, "Packing failed: " + feed.Pack);
        var files = Directory.GetFiles(feed.FeedDir).Select(Path.GetFileName).OrderBy(f => f).ToList();
        output.WriteLine(string.Join("\n", files));
        Assert.Equal(
            new[]
            {
                $"QixGen.{feed.Version}.nupkg", $"QixGen.{feed.Version}.snupkg", $"QixGen.Cli.{feed.Version}.nupkg",
                $"QixGen.Testing.{feed.Version}.nupkg", $"QixGen.Testing.{feed.Version}.snupkg",
            },
            files);

        using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed.FeedDir, $"QixGen.{feed.Version}.nupkg"));
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var expected in new[]
                 {
                     "analyzers/dotnet/cs/QixGen.Generator.dll",
                     "lib/netstandard2.0/QixGen.Runtime.dll", "lib/net8.0/QixGen.Runtime.dll",
                     "build/QixGen.props", "build/QixGen.targets", "buildTransitive/QixGen.props", "buildTransitive/QixGen.targets",
                     "README.md",
                 })
        {
            Assert.Contains(expected, entries);
        }

        using var nuspec = new StreamReader(zip.GetEntry("QixGen.nuspec")!.Open());
        var text = nuspec.ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", text);
        Assert.Contains("<readme>README.md</readme>", text);
        Assert.Contains("<repository type=\"git\"", text);
        Assert.Contains("<tags>", text);
        Assert.DoesNotContain("QixGen.Generator", text); // the generator ships inside, not as a dependency
    }

    [Fact]
    public async Task A_console_app_with_one_schema_and_no_namespace_runs_against_the_simulator()
    {
        var run = await RunConsumerAsync(b => b.Single, "net10.0");
        // Nordic only: 120 + 30, computed by the simulator from the selection made through the typed API.
        Assert.Contains("SUM=150", run.StandardOutput);
        // The List<DocListEntry> GetDocListAsync returns, serialized by user code with QixApi.JsonOptions.
        Assert.Contains("DOCLIST=[{\"", run.StandardOutput);
        Assert.Contains("\"qDocId\":\"Sales.qvf\"", run.StandardOutput);
    }

    [Fact]
    public async Task A_console_app_with_two_schemas_of_different_releases_builds_and_runs()
    {
        var run = await RunConsumerAsync(b => b.TwoReleases, "net10.0");
        Assert.Contains("RELEASES=12.1205.0,12.2528.0 old/new", run.StandardOutput);
    }

    [Fact]
    public async Task A_netstandard2_0_class_library_builds()
    {
        var built = await BuildConsumersAsync();
        Assert.True(built.Build.ExitCode == 0, built.Build.ToString());
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(built.Library)!, "bin", "Debug", "netstandard2.0", "NetStandardLibrary.dll")));
    }

    [Fact]
    public async Task A_net8_0_app_runs_against_the_simulator()
    {
        var run = await RunConsumerAsync(b => b.Net8, "net8.0");
        Assert.Contains("SUM=150", run.StandardOutput);
        Assert.Contains("\"qDocId\":\"Sales.qvf\"", run.StandardOutput);
    }

    /// <summary>Runs one of the built consumers: the build must have succeeded and the program must exit 0.</summary>
    private async Task<ProcessResult> RunConsumerAsync(System.Func<Built, string> project, string targetFramework)
    {
        var built = await BuildConsumersAsync();
        Assert.True(built.Build.ExitCode == 0, built.Build.ToString());
        var run = await built.Workspace.RunBuiltAsync(project(built), targetFramework);
        output.WriteLine(run.ToString());
        Assert.Equal(0, run.ExitCode);
        return run;
    }

    [Fact]
    public async Task The_snapshot_recipe_fails_on_a_changed_schema_and_passes_once_accepted()
    {
        var built = await BuildConsumersAsync();
        Assert.True(built.Build.ExitCode == 0, built.Build.ToString());
        var dir = Path.GetDirectoryName(built.Snapshot)!;
        Assert.True(Directory.Exists(Path.Combine(dir, "Generated")), "the build wrote no Generated/ folder");

        // The project's history: its generated code accepted (committed) as of engine 12.2393.0.
        File.WriteAllText(Path.Combine(dir, ".gitignore"), "bin/\nobj/\n");
        await GitAsync(dir, 0, "init", "-q");
        await GitAsync(dir, 0, "add", "-A");
        await GitAsync(dir, 0, "-c", "user.name=QixGen tests", "-c", "user.email=tests@qixgen.invalid", "commit", "-q", "-m", "generated code for 12.2393.0");

        // A new engine release: the same file name, another schema. The recipe's check fails and names the files.
        File.Copy(TestPaths.Schema("12.2528.0"), Path.Combine(dir, "engine-rpc.json"), overwrite: true);
        File.SetLastWriteTimeUtc(Path.Combine(dir, "engine-rpc.json"), System.DateTime.UtcNow); // as an edit would
        var changed = await RecipeCheckAsync(built, dir);
        Assert.Contains("Generated/", changed.StandardOutput);

        // Accepting is committing what was generated: the check passes again.
        await GitAsync(dir, 0, "add", "-A");
        await GitAsync(dir, 0, "-c", "user.name=QixGen tests", "-c", "user.email=tests@qixgen.invalid", "commit", "-q", "-m", "accept generated code for 12.2528.0");
        Assert.Equal("", (await RecipeCheckAsync(built, dir)).StandardOutput.Trim());
    }

    /// <summary>README's recipe: delete Generated/, build (not incrementally: every file is written again), and list what differs from the commit (empty = pass).</summary>
    private async Task<ProcessResult> RecipeCheckAsync(Built built, string dir)
    {
        Directory.Delete(Path.Combine(dir, "Generated"), recursive: true);
        var build = await built.Workspace.DotnetAsync("build", "--no-incremental", built.Snapshot);
        Assert.True(build.ExitCode == 0, build.ToString());
        var status = await GitAsync(dir, 0, "status", "--porcelain", "--", "Generated");
        output.WriteLine("git status --porcelain -- Generated:\n" + status.StandardOutput);
        return status;
    }

    private static async Task<ProcessResult> GitAsync(string dir, int expectedExit, params string[] arguments)
    {
        var result = await DotnetCli.RunProgramAsync("git", dir, System.TimeSpan.FromMinutes(1), null, arguments);
        Assert.True(result.ExitCode == expectedExit, result.ToString());
        return result;
    }

    [Fact]
    public async Task Consumers_build_without_a_single_warning()
    {
        var built = await BuildConsumersAsync();
        Assert.True(built.Build.ExitCode == 0, built.Build.ToString());
        Assert.Contains(" 0 Warning(s)", built.Build.StandardOutput);
    }
}
