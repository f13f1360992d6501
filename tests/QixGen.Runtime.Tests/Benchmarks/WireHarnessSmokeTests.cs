using System;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Runtime.Tests.Conformance;
using QixGen.WireBench;
using QixGen.WireBench.Engine;
using QixGen.WireBench.Harness;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Runtime.Tests.Benchmarks;

/// <summary>
/// The side-by-side wire benchmark (benchmarks/QixGen.WireBench) in its smoke mode, so that it cannot rot: every
/// client runs as its own process against the canned engine, completes, and reads back what the engine sent
/// (patched where delta is on). The harness itself reports a wrong answer, a failed or hung client as a problem.
/// The canned engine's framing beyond what the clients exercise (fragments, string ids, the close handshake) too.
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

    [Fact]
    public async Task CannedEngineJoinsFragmentedRequestsAndAnswersTheCloseHandshake()
    {
        await using var engine = CannedEngine.Start(CannedAnswers.Load(TestPaths.SharedDir));
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync(new Uri(engine.UrlFor(DeltaMode.On)), timeout.Token);
        Assert.Contains("OnConnected", await ReceiveTextAsync(socket, timeout.Token), StringComparison.Ordinal);

        // One request in three fragments (a text frame and two continuations); the id is a string, kept as it is.
        var request = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":\"a-7\",\"method\":\"OpenDoc\",\"handle\":-1,\"delta\":true,\"params\":[\"bench.qvf\"]}");
        await socket.SendAsync(request.AsMemory(0, 10), WebSocketMessageType.Text, endOfMessage: false, timeout.Token);
        await socket.SendAsync(request.AsMemory(10, 30), WebSocketMessageType.Text, endOfMessage: false, timeout.Token);
        await socket.SendAsync(request.AsMemory(40), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        using (var answer = JsonDocument.Parse(await ReceiveTextAsync(socket, timeout.Token)))
        {
            Assert.Equal("a-7", answer.RootElement.GetProperty("id").GetString());
            Assert.True(answer.RootElement.GetProperty("delta").GetBoolean());
            var patch = answer.RootElement.GetProperty("result").GetProperty("qReturn")[0];
            Assert.Equal("/", patch.GetProperty("path").GetString());
            Assert.Equal(CannedAnswers.DocHandle, patch.GetProperty("value").GetProperty("qHandle").GetInt32());
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            length += received.Count;
        }
        while (!received.EndOfMessage);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

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
