using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Package.Tests;

/// <summary>
/// Every QixSchema item mistake stops the build with exactly one QixGen error, located at the project file
/// that declares the item, and nothing else: no compiler error, no generator crash.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ItemMistakeTests(PackedFeed feed, ITestOutputHelper output)
{
    private sealed record Built(ConsumerWorkspace Workspace, ProcessResult Build);

    private Task<Built> BuildMistakesAsync() => feed.SharedAsync("mistakes", async () =>
    {
        var workspace = feed.CreateWorkspace("mistakes");
        var projects = new[]
        {
            workspace.AddProject("MissingSchema", "12.2528.0"),
            workspace.AddProject("MissingOverlay", "12.2528.0"),
            workspace.AddProject("DuplicateNamespace", "12.1205.0", "12.2528.0"),
            workspace.AddProject("InvalidNamespace", "12.1205.0"),
        };
        var build = await workspace.DotnetAsync("build", workspace.AddSolution("Mistakes", projects), "-clp:NoSummary");
        return new Built(workspace, build);
    });

    [Theory]
    [InlineData("MissingSchema", "QIX020", "engine-rpc-12.9999.0.json' does not exist")]
    [InlineData("MissingOverlay", "QIX008", "overlay 'my-overlay.json'")]
    [InlineData("DuplicateNamespace", "QIX021", "namespace 'DuplicateNamespace.Qix'")]
    [InlineData("InvalidNamespace", "QIX022", "Namespace 'My-Qix.1205'")]
    public async Task An_item_mistake_gives_one_located_QixGen_error(string project, string code, string message)
    {
        var built = await BuildMistakesAsync();
        var projectFile = Path.Combine(built.Workspace.Root, project, project + ".csproj");
        var errors = built.Build.StandardOutput.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Contains(": error ") && (line.StartsWith(projectFile + " ") || line.EndsWith("[" + projectFile + "]")))
            .Distinct()
            .ToList();
        output.WriteLine(built.Build.ToString());
        Assert.NotEqual(0, built.Build.ExitCode);
        var error = Assert.Single(errors);
        Assert.StartsWith(projectFile + " : error " + code + ": ", error);
        Assert.Contains(message, error);
    }
}
