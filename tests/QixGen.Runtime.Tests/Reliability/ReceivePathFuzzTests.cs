using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Protocol;
using QixGen.Session;
using QixGen.Transport;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>
/// The receive-path fuzzer: scripts of hostile frames, sent while three calls are pending, through the in-memory
/// transport and through a real WebSocket on 127.0.0.1. Counts loop deaths, calls that never end, exceptions that
/// reach a caller untyped, closes nobody is told about and receive-path bugs (1011 closes): all must be zero.
/// CI: 5,000 in-memory, 1,000 raw-WebSocket and 500 Kestrel scripts; QIXGEN_FUZZ_LONG=1: 100,000, 20,000 and 5,000;
/// QIXGEN_RECEIVE_FUZZ_SEED sets the seed.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ReceivePathFuzzTests(ITestOutputHelper output)
{
    /// <summary>"It did not hang", not "it was fast": generous, for a loaded 2-core machine.</summary>
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(60);

    private static readonly bool LongMode = Environment.GetEnvironmentVariable("QIXGEN_FUZZ_LONG") == "1";

    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("QIXGEN_RECEIVE_FUZZ_SEED"), out var seed) ? seed : 20261130;

    [SharedTrafficFact]
    public async Task Hostile_frames_through_the_in_memory_transport_never_kill_the_loop_hang_a_call_or_leak_an_untyped_exception()
    {
        var scripts = LongMode ? 100_000 : 5_000;
        await RunAsync("in-memory", scripts, Seed, () =>
        {
            var (client, server) = InMemoryTransport.CreatePair();
            return Task.FromResult<(IQixTransport, IFuzzPeer, IDisposable?)>((client, new InMemoryFuzzPeer(server), null));
        }, endings: false);
    }

    [SharedTrafficFact]
    public async Task Hostile_frames_through_Kestrel_after_a_real_upgrade_never_kill_the_loop_hang_a_call_or_leak_an_untyped_exception()
    {
        var scripts = int.TryParse(Environment.GetEnvironmentVariable("QIXGEN_RECEIVE_FUZZ_KESTREL_SCRIPTS"), out var n) ? n : LongMode ? 5_000 : 500;
        using var peers = new BlockingCollection<KestrelFuzzPeer>();
        await using var server = await KestrelFuzzPeer.StartServerAsync(peers);
        await RunAsync("Kestrel WebSocket, 127.0.0.1", scripts, Seed + 2, async () =>
        {
            var client = await WebSocketTransport.ConnectAsync(new QixSessionOptions { Url = server.Url }, CancellationToken.None);
            if (!peers.TryTake(out var peer, CallBound))
            {
                throw new TimeoutException("Kestrel did not hand over the connection");
            }

            return (client, peer, null);
        }, endings: false);
    }

    [SharedTrafficFact]
    public async Task Hostile_frames_through_a_real_WebSocket_never_kill_the_loop_hang_a_call_or_leak_an_untyped_exception()
    {
        var scripts = int.TryParse(Environment.GetEnvironmentVariable("QIXGEN_RECEIVE_FUZZ_WS_SCRIPTS"), out var n) ? n : LongMode ? 20_000 : 1_000;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            await RunAsync("raw WebSocket frames, 127.0.0.1", scripts, Seed + 1, async () =>
            {
                var (client, peer, socket) = await RawWebSocketPeer.ConnectAsync(listener);
                return (client, peer, socket);
            }, endings: true);
        }
        finally
        {
            listener.Stop();
        }
    }

    private async Task RunAsync(string name, int scripts, int seed, Func<Task<(IQixTransport Client, IFuzzPeer Peer, IDisposable? Extra)>> connect, bool endings)
    {
        var fuzzer = FrameFuzzer.FromTrafficFile(TestPaths.TrafficFile);
        var tally = new FuzzTally();
        var unobserved = new UnobservedExceptionCounter();
        var watch = Stopwatch.StartNew();
        var slowest = new List<(double Ms, int Script)>();
        try
        {
            for (var i = 0; i < scripts; i++)
            {
                var (client, peer, extra) = await connect();
                var scriptWatch = Stopwatch.StartNew();
                try
                {
                    await RunScriptAsync(client, peer, new Random(seed + (i * 7919)), fuzzer, tally, endings, i);
                }
                finally
                {
                    await peer.DisposeAsync();
                    extra?.Dispose();
                    slowest.Add((scriptWatch.Elapsed.TotalMilliseconds, i));
                }
            }

            UnobservedExceptionCounter.Collect();
        }
        finally
        {
            unobserved.Dispose();
        }

        output.WriteLine($"receive-path fuzz, {name}, seed {seed}{(LongMode ? ", long mode" : "")}: {watch.Elapsed.TotalSeconds:F1} s, " +
            $"{fuzzer.RecordedCount} recorded frames as material; unobserved task exceptions {unobserved.Count}");
        output.WriteLine(tally.Describe());
        output.WriteLine("slowest scripts (ms, index): " + string.Join(", ", slowest.OrderByDescending(s => s.Ms).Take(5).Select(s => $"{s.Ms:F0} #{s.Script}")));
        foreach (var example in unobserved.Examples) output.WriteLine("unobserved: " + example);
        Assert.Equal(scripts, tally.Scripts);
        Assert.Equal(0, tally.LoopDeaths);
        Assert.Equal(0, tally.HungCalls);
        Assert.Equal(0, tally.UntypedExceptions);
        Assert.Equal(0, tally.InvisibleCloses);
        Assert.Equal(0, tally.InternalErrorCloses);
        Assert.Equal(0, tally.DisposeFaults);
        Assert.Equal(0, unobserved.Count);
    }

    private static async Task RunScriptAsync(IQixTransport client, IFuzzPeer peer, Random random, FrameFuzzer fuzzer, FuzzTally tally, bool endings, int index)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var session = QixSession.Start(client, new QixSessionOptions { CloseTimeout = TimeSpan.FromSeconds(10) });
        var closedEvents = 0;
        QixSessionClosedEventArgs? closedArgs = null;
        var closedRaised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Closed += (_, e) => { Interlocked.Increment(ref closedEvents); closedArgs = e; closedRaised.TrySetResult(); };
        session.ProtocolError += (_, _) => Interlocked.Increment(ref tally.ProtocolErrorEvents);

        var calls = new List<Task>
        {
            Echo(session, $"a{index}"),
            Echo(session, $"b{index}\"\\\u00e9"),
            Qix.QixApi.GetGlobal(session).OpenDocAsync("app"),
        };
        Interlocked.Add(ref tally.Calls, calls.Count);

        var requests = new List<PendingRequest>();
        while (requests.Count < calls.Count && await peer.ReceiveTextAsync(guard.Token) is { } text)
        {
            requests.Add(ParseRequest(text));
        }

        var frames = fuzzer.Script(random, requests);
        Interlocked.Add(ref tally.Frames, frames.Count);
        foreach (var frame in frames)
        {
            await peer.SendAsync(frame, guard.Token);
        }

        var ending = endings ? FrameFuzzer.Ending(random) : WireEnding.None;
        Task serving = Task.CompletedTask;
        if (ending == WireEnding.None)
        {
            // The real answers come last; a call the fuzz frames already ended ignores its answer.
            foreach (var request in requests)
            {
                await peer.SendTextAsync(FrameFuzzer.Answer(request), guard.Token);
            }

            serving = ServeAsync(peer, guard.Token);
        }
        else
        {
            await peer.EndAsync(ending, guard.Token);
        }

        // Every call ends, typed.
        await EndsWithinAsync(Task.WhenAll(calls), CallBound);
        foreach (var call in calls)
        {
            if (!call.IsCompleted)
            {
                tally.Add(ref tally.HungCalls);
                tally.Example($"script {index}: a call did not end within {CallBound.TotalSeconds} s");
            }
            else if (call.Exception?.InnerException is { } error)
            {
                if (error is QixException || error is OperationCanceledException)
                {
                    tally.Outcome(error.GetType().Name);
                }
                else
                {
                    tally.Add(ref tally.UntypedExceptions);
                    tally.Example($"script {index}: untyped {error}");
                }
            }
            else
            {
                tally.Outcome("succeeded");
            }
        }

        if (ending != WireEnding.None)
        {
            // The connection ends: the session must say so.
            await EndsWithinAsync(closedRaised.Task, CallBound);
        }

        if (session.IsOpen)
        {
            // The loop must still be alive: a fresh call is answered.
            var probe = Echo(session, "probe");
            await EndsWithinAsync(probe, CallBound);
            if (!probe.IsCompleted)
            {
                tally.Add(ref tally.LoopDeaths);
                tally.Example($"script {index}: the session is open but a new call got no answer");
            }
            else if (probe.IsFaulted && session.IsOpen)
            {
                tally.Add(ref tally.LoopDeaths);
                tally.Example($"script {index}: the probe failed on an open session: {probe.Exception!.InnerException}");
            }
        }

        if (!session.IsOpen)
        {
            // Closed: visibly, once, with a reason or a code; calls fail fast and typed.
            tally.Add(ref tally.VisibleCloses);
            // IsOpen turns false first; Closed is raised right after, on the receive loop.
            await EndsWithinAsync(closedRaised.Task, CallBound);
            if (Volatile.Read(ref closedEvents) != 1 || closedArgs is null || (closedArgs.CloseCode is null && string.IsNullOrEmpty(closedArgs.CloseReason)))
            {
                tally.Add(ref tally.InvisibleCloses);
                tally.Example($"script {index}: closed with {closedEvents} Closed events");
            }
            else if (closedArgs.CloseCode == QixSession.InternalErrorCloseCode)
            {
                tally.Add(ref tally.InternalErrorCloses);
                tally.Example($"script {index}: receive path fault: {closedArgs.Error}");
            }

            var after = Echo(session, "after");
            await EndsWithinAsync(after, CallBound);
            if (!after.IsCompleted || after.Exception?.InnerException is not QixSessionClosedException)
            {
                tally.Add(ref tally.InvisibleCloses);
                tally.Example($"script {index}: a call on the closed session did not fail with QixSessionClosedException");
            }
        }

        var dispose = session.DisposeAsync().AsTask();
        await EndsWithinAsync(dispose, CallBound);
        if (!dispose.IsCompleted || dispose.IsFaulted)
        {
            tally.Add(ref tally.DisposeFaults);
            tally.Example($"script {index}: dispose {(dispose.IsFaulted ? "threw " + dispose.Exception : "hung")}");
        }

        guard.Cancel();
        await EndsWithinAsync(serving, CallBound);
        Interlocked.Increment(ref tally.Scripts);
    }

    /// <summary>Waits for <paramref name="task"/> at most <paramref name="bound"/>; observes its failure (the caller inspects it).</summary>
    private static async Task EndsWithinAsync(Task task, TimeSpan bound)
    {
        using var timer = new CancellationTokenSource();
        await Task.WhenAny(task, Task.Delay(bound, timer.Token));
        timer.Cancel();
        _ = task.Exception;
    }

    /// <summary>After the script: answer every later request properly (the probe), until the session closes.</summary>
    private static async Task ServeAsync(IFuzzPeer peer, CancellationToken cancellationToken)
    {
        try
        {
            while (await peer.ReceiveTextAsync(cancellationToken) is { } text)
            {
                var request = ParseRequest(text);
                await peer.SendTextAsync(request.Method == "CancelRequest" ? $"{{\"jsonrpc\":\"2.0\",\"id\":{request.Id},\"result\":{{}}}}" : FrameFuzzer.Answer(request), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static PendingRequest ParseRequest(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var parameters = root.GetProperty("params");
        var argument = parameters.ValueKind == JsonValueKind.Array && parameters.GetArrayLength() > 0 && parameters[0].ValueKind == JsonValueKind.String ? parameters[0].GetString()! : "";
        return new PendingRequest(root.GetProperty("id").GetInt32(), root.GetProperty("method").GetString()!, argument);
    }

    private static Task<string> Echo(QixSession session, string argument) => EchoCalls.Call(session, "Echo", argument);
}
