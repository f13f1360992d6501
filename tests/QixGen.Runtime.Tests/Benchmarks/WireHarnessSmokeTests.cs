using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using QixGen.Runtime.Tests.Conformance;
using QixGen.WireBench;
using QixGen.WireBench.Harness;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Runtime.Tests.Benchmarks;

/// <summary>
/// The side-by-side wire benchmark (benchmarks/QixGen.WireBench) in its smoke mode, so that it cannot rot: every
/// client runs as its own process against the canned engine, completes, and reads back what the engine sent
/// (patched where delta is on). The harness itself reports a wrong answer, a failed or hung client as a problem.
/// </summary>
public sealed class WireHarnessSmokeTests
{
    private readonly ITestOutputHelper _output;

    public WireHarnessSmokeTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public Task DotNetClientsCompleteAndDecodeEveryWorkload() =>
        RunAsync(ClientKind.QixGen, ClientKind.DotNetWebSocket);

    [WireBenchNodeFact]
    public Task NodeClientsCompleteAndDecodeEveryWorkload() =>
        RunAsync(ClientKind.EnigmaJs, ClientKind.NodeWs);

    private async Task RunAsync(params ClientKind[] clients)
    {
        var log = new StringWriter();
        var options = new HarnessOptions(RunSettings.Quick, Quick: true, Reps: 1, clients, WireBenchNode.Folder, TestPaths.SharedDir, log);
        HarnessRun run;
        try
        {
            run = await WireHarness.RunAsync(options).WaitAsync(TimeSpan.FromMinutes(5));
        }
        finally
        {
            _output.WriteLine(log.ToString());
        }

        Assert.Empty(run.Problems);
        var expected = Scenario.All(clients);
        Assert.Equal(expected.OrderBy(s => s.ToString()), run.Results.Select(r => r.Scenario).OrderBy(s => s.ToString()));
        Assert.All(run.Results, r => Assert.True(r.Result.Workload == "idle" ? r.Result.Sessions == RunSettings.Quick.IdleSessions : r.Result.Calls >= RunSettings.Quick.MinCalls, r.Scenario.ToString()));
        Assert.Contains("| 64 in flight GetLayout | on |", Report.Markdown(run), StringComparison.Ordinal);
    }
}

/// <summary>Where the benchmark's Node clients live, and why they cannot run here (Node or its packages missing).</summary>
internal static class WireBenchNode
{
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "benchmarks", "QixGen.WireBench", "node"));

    public const string InstallCommand = "npm ci --prefix benchmarks/QixGen.WireBench/node";

    public static string? SkipReason() => EnigmaJs.SkipReason(EnigmaJs.FindProblem(Folder, InstallCommand));
}

/// <summary>A fact that runs the benchmark's Node clients: skipped when Node or their packages are missing (see <see cref="WireBenchNode"/>).</summary>
public sealed class WireBenchNodeFactAttribute : FactAttribute
{
    public WireBenchNodeFactAttribute() => Skip = WireBenchNode.SkipReason();
}
