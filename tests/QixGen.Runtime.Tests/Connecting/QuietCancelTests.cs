using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Qix;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests.Connecting;

/// <summary>The engine's late answer to a cancelled call (error 15 after CancelRequest) is expected: no warning, no ProtocolError.</summary>
public sealed class QuietCancelTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_late_request_aborted_answer_and_the_CancelRequest_answer_are_dropped_quietly()
    {
        var logger = new CapturingLogger();
        var cancelRequests = 0;
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (session, engine) = ScriptedEngine.Start((request, e) =>
        {
            var id = request.GetProperty("id").GetInt32();
            switch (request.GetProperty("method").GetString())
            {
                case "CancelRequest":
                    Interlocked.Increment(ref cancelRequests);
                    var aborted = request.GetProperty("params")[0].GetInt32();
                    // As the engine does: the aborted request answers with error 15, then CancelRequest answers.
                    e.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{aborted},\"error\":{{\"code\":15,\"parameter\":\"\",\"message\":\"Request aborted\"}}}}").AsTask().Wait();
                    return ScriptedEngine.Result(request, "{}");
                case "EngineVersion" when id == 1:
                    firstSeen.TrySetResult();
                    return null; // held until cancelled
                default:
                    return ScriptedEngine.Result(request, "{\"qVersion\":{\"qComponentVersion\":\"2\"}}");
            }
        }, new QixSessionOptions { Logger = logger });
        await using (engine)
        await using (session)
        {
            var protocolErrors = new ConcurrentQueue<string>();
            session.ProtocolError += (_, e) => protocolErrors.Enqueue(e.Error.Message);
            using var cancel = new CancellationTokenSource();
            var call = QixApi.GetGlobal(session).EngineVersionAsync(cancel.Token);
            await firstSeen.Task.WaitAsync(Bound);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Bound));

            // The engine answers frames in order: once this later call is answered, both late frames were dispatched.
            Assert.Equal("2", (await QixApi.GetGlobal(session).EngineVersionAsync().WaitAsync(Bound)).ComponentVersion);

            Assert.Equal(1, cancelRequests);
            Assert.Empty(protocolErrors);
            Assert.DoesNotContain(logger.Entries, entry => entry.Level >= LogLevel.Warning);
            Assert.Contains(logger.Entries, entry => entry.Text.Contains("Dropped the late answer", StringComparison.Ordinal));
        }
    }
}
