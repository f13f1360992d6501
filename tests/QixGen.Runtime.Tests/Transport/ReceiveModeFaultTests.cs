using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Session;
using QixGen.Transport;
using Xunit;

namespace QixGen.Runtime.Tests.Transport;

/// <summary>
/// The hostile review of <see cref="QixReceiveMode.Auto"/> as the default (break14): connections that fail, are
/// suspended, resumed, raced by a dispose or dropped by the engine give their receive-thread slot back and leave no
/// receive thread behind. Runs alone: it counts process-wide slots and threads. Bounds only say "it did not hang".
/// </summary>
[Collection(Reliability.ReliabilityCollection.Name)]
public sealed class ReceiveModeFaultTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public ReceiveModeFaultTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(QixReceiveMode.Auto)]
    [InlineData(QixReceiveMode.DedicatedThread)]
    public async Task Disposing_a_session_while_its_resume_is_connecting_leaves_no_connection_slot_or_thread(QixReceiveMode mode)
    {
        var slots = ReceiveThreadSlots.Taken;
        var threads = ReceiveThreadCensus.Count();
        using var server = new RawWebSocketServer();
        var options = new QixSessionOptions { ReceiveMode = mode, CloseTimeout = TimeSpan.FromSeconds(1) };
        var (session, first) = await server.ConnectSessionAsync(options, Bound);
        using (first)
        {
            await SuspendAnsweringTheCloseAsync(session, first);

            using var cancel = new CancellationTokenSource(Bound);
            var accepted = server.AcceptAsync(cancel.Token);
            var resuming = session.ResumeAsync();
            using var second = await accepted.WaitAsync(Bound);
            await second.ReadRequestAsync().WaitAsync(Bound);

            // The user gives up on the session while its resume waits for the upgrade answer.
            await session.DisposeAsync().AsTask().WaitAsync(Bound);
            await second.AnswerUpgradeAsync(sameWrite: RawWebSocketPeer.Frame(RawWebSocketPeer.Text, Encoding.UTF8.GetBytes(RawWebSocketPeer.Connected)));

            // The resume reports the dispose, and the connection it made is not left open behind it.
            await Assert.ThrowsAnyAsync<QixException>(() => resuming.WaitAsync(Bound));
            Assert.False(session.IsOpen);
            await second.ReadUntilClosedAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        await ReceiveThreadCensus.WaitForBaselineAsync(slots, threads);
    }

    [Fact]
    public async Task Connects_that_fail_at_every_stage_give_their_slot_back_and_leave_no_thread()
    {
        const int Rounds = 6;
        var slots = ReceiveThreadSlots.Taken;
        var threads = ReceiveThreadCensus.Count();
        var refusedPort = FreePort();
        using var server = new RawWebSocketServer();
        var failures = new Dictionary<string, int>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var mode in new[] { QixReceiveMode.Auto, QixReceiveMode.DedicatedThread })
            {
                // Refused: nothing listens on the port.
                await ExpectFailureAsync("refused", new Uri($"ws://127.0.0.1:{refusedPort}/app/engineData"), mode, null, typeof(Exception));

                // The upgrade answered with an HTTP error, with garbage, or cut short.
                await ExpectFailureAsync("503", server.Url, mode, peer => AnswerAsync(peer, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"), typeof(QixConnectException));
                await ExpectFailureAsync("401", server.Url, mode, peer => AnswerAsync(peer, "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"), typeof(QixConnectException));
                await ExpectFailureAsync("garbage", server.Url, mode, peer => AnswerAsync(peer, "SSH-2.0-OpenSSH\r\n\r\n"), typeof(System.Net.WebSockets.WebSocketException));
                await ExpectFailureAsync("cut", server.Url, mode, async peer => { await peer.ReadRequestAsync(); peer.Dispose(); }, typeof(System.Net.WebSockets.WebSocketException));

                // TLS to a server that does not speak it.
                var wss = new UriBuilder(server.Url) { Scheme = "wss" }.Uri;
                await ExpectFailureAsync("tls", wss, mode, async peer => { await peer.WriteRawAsync("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray()); peer.Dispose(); }, typeof(Exception));

                // Cancelled by the caller before connecting, while the upgrade answer is awaited, and (the engine
                // answering late) after the answer was already on its way.
                using (var cancelled = new CancellationTokenSource())
                {
                    cancelled.Cancel();
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => QixSession.OpenAsync(new QixSessionOptions { Url = server.Url, ReceiveMode = mode }, cancelled.Token));
                    Count(failures, "cancelled before");
                }

                await CancelDuringUpgradeAsync(server, mode, answerAfterCancel: false);
                await CancelDuringUpgradeAsync(server, mode, answerAfterCancel: true);
                Count(failures, "cancelled during");
            }
        }

        await ReceiveThreadCensus.WaitForBaselineAsync(slots, threads);
        Assert.All(failures, f => Assert.Equal(2 * Rounds, f.Value));

        async Task ExpectFailureAsync(string what, Uri url, QixReceiveMode mode, Func<RawWebSocketPeer, Task>? engine, Type expected)
        {
            using var cancel = new CancellationTokenSource(Bound);
            var accepted = engine is null ? null : server.AcceptAsync(cancel.Token);
            var opening = QixSession.OpenAsync(new QixSessionOptions { Url = url, ReceiveMode = mode }, cancel.Token);
            if (accepted is not null)
            {
                using var peer = await accepted.WaitAsync(Bound);
                await engine!(peer).WaitAsync(Bound);
            }

            var failure = await Record.ExceptionAsync(() => opening.WaitAsync(Bound));
            Assert.NotNull(failure);
            Assert.True(expected.IsInstanceOfType(failure), $"{what}: {failure}");
            Assert.False(failure is TimeoutException, $"{what}: {failure}");
            Count(failures, what);
        }
    }

    private static async Task CancelDuringUpgradeAsync(RawWebSocketServer server, QixReceiveMode mode, bool answerAfterCancel)
    {
        using var cancel = new CancellationTokenSource();
        using var accepting = new CancellationTokenSource(Bound);
        var accepted = server.AcceptAsync(accepting.Token);
        var opening = QixSession.OpenAsync(new QixSessionOptions { Url = server.Url, ReceiveMode = mode }, cancel.Token);
        using var peer = await accepted.WaitAsync(Bound);
        await peer.ReadRequestAsync().WaitAsync(Bound);
        cancel.Cancel();
        if (answerAfterCancel)
        {
            await Record.ExceptionAsync(() => peer.AnswerUpgradeAsync(sameWrite: RawWebSocketPeer.Frame(RawWebSocketPeer.Text, Encoding.UTF8.GetBytes(RawWebSocketPeer.Connected))));
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => opening.WaitAsync(Bound));
    }

    private static async Task AnswerAsync(RawWebSocketPeer peer, string answer)
    {
        await peer.ReadRequestAsync();
        await peer.WriteRawAsync(Encoding.ASCII.GetBytes(answer));
    }

    private static void Count(Dictionary<string, int> counts, string what) => counts[what] = counts.TryGetValue(what, out var n) ? n + 1 : 1;

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Theory]
    [InlineData(QixReceiveMode.Auto)]
    [InlineData(QixReceiveMode.DedicatedThread)]
    public async Task Suspend_and_resume_cycles_manual_and_automatic_leave_one_slot_and_end_at_the_baseline(QixReceiveMode mode)
    {
        const int Cycles = 8;
        var slots = ReceiveThreadSlots.Taken;
        var threads = ReceiveThreadCensus.Count();
        using var engine = new EchoEngineServer();
        var options = new QixSessionOptions
        {
            Url = engine.Url,
            ReceiveMode = mode,
            SuspendOnUnexpectedClose = true,
            ResumeRetryDelay = TimeSpan.FromMilliseconds(10),
            CloseTimeout = TimeSpan.FromSeconds(2),
        };
        var session = await QixSession.OpenAsync(options).WaitAsync(Bound);
        await using (session)
        {
            await session.WaitForConnectedAsync(Bound);
            var resumed = 0;
            session.Resumed += (_, _) => Interlocked.Increment(ref resumed);
            for (var i = 0; i < Cycles; i++)
            {
                Assert.Equal("m" + i, await EchoCalls.Call(session, "Echo", "m" + i).WaitAsync(Bound));
                await session.SuspendAsync().WaitAsync(Bound);
                Assert.True(session.IsSuspended);
                await session.ResumeAsync().WaitAsync(Bound);

                // The engine drops the connection: the session resumes by itself.
                var before = Volatile.Read(ref resumed);
                engine.DropAll();
                await ReceiveThreadTests.WaitUntilAsync(() => Volatile.Read(ref resumed) > before && !session.IsSuspended);
                Assert.Equal("a" + i, await EchoCalls.Call(session, "Echo", "a" + i).WaitAsync(Bound));

                // One connection at a time holds a slot, whatever the session went through.
                await ReceiveThreadTests.WaitUntilAsync(() => ReceiveThreadSlots.Taken <= slots + 1 && ReceiveThreadCensus.Count() <= threads + 1);
            }

            Assert.Equal(2 * Cycles, Volatile.Read(ref resumed));
            Assert.Equal(slots + 1, ReceiveThreadSlots.Taken);
            Assert.Equal(threads + 1, ReceiveThreadCensus.Count());
        }

        await ReceiveThreadCensus.WaitForBaselineAsync(slots, threads);
    }

    [Theory]
    [InlineData(QixReceiveMode.Auto)]
    [InlineData(QixReceiveMode.DedicatedThread)]
    public async Task Resume_attempts_that_fail_on_an_engine_that_never_greets_leave_no_connection_behind_even_undisposed(QixReceiveMode mode)
    {
        var slots = ReceiveThreadSlots.Taken;
        var threads = ReceiveThreadCensus.Count();
        using var server = new RawWebSocketServer();
        var options = new QixSessionOptions
        {
            ReceiveMode = mode,
            SuspendOnUnexpectedClose = true,
            ResumeRetries = 3,
            ResumeRetryDelay = TimeSpan.FromMilliseconds(10),
            ResumeTimeout = TimeSpan.FromMilliseconds(500),
            CloseTimeout = TimeSpan.FromMilliseconds(500),
        };
        var (session, first) = await server.ConnectSessionAsync(options, Bound);
        var closed = new TaskCompletionSource<QixSessionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Closed += (_, e) => closed.TrySetResult(e);

        // The engine comes back, upgrades every resume, and then says nothing: no OnConnected, no close reply.
        using var stop = new CancellationTokenSource();
        var peers = new List<RawWebSocketPeer>();
        var silent = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var peer = await server.AcceptAsync(stop.Token);
                lock (peers)
                {
                    peers.Add(peer);
                }

                await peer.UpgradeAsync();
            }
        });
        first.Dispose();
        await closed.Task.WaitAsync(Bound);
        Assert.False(session.IsOpen);
        lock (peers)
        {
            Assert.Equal(options.ResumeRetries, peers.Count);
        }

        // Closed for good, never disposed: the connections of the failed attempts must not stay open with their
        // receive threads (the engine keeps its side open for ever).
        await ReceiveThreadCensus.WaitForBaselineAsync(slots, threads);
        stop.Cancel();
        lock (peers)
        {
            peers.ForEach(p => p.Dispose());
        }

        await Record.ExceptionAsync(() => silent);
        GC.KeepAlive(session);
    }

    [Fact]
    public async Task Sessions_never_disposed_whose_engine_closed_or_dropped_give_their_slots_and_threads_back()
    {
        const int Sessions = 12;
        var slots = ReceiveThreadSlots.Taken;
        var threads = ReceiveThreadCensus.Count();
        using var engine = new EchoEngineServer();
        var sessions = new List<QixSession>();
        for (var i = 0; i < Sessions; i++)
        {
            var session = await QixSession.OpenAsync(new QixSessionOptions { Url = engine.Url, ReceiveMode = i % 2 == 0 ? QixReceiveMode.Auto : QixReceiveMode.DedicatedThread }).WaitAsync(Bound);
            Assert.Equal("x", await EchoCalls.Call(session, "Echo", "x").WaitAsync(Bound));
            sessions.Add(session);
        }

        Assert.True(ReceiveThreadCensus.Count() > threads, "No receive thread is counted by name: the census cannot see them.");
        engine.CloseAll(closeFrame: true, every: 2, offset: 0);
        engine.DropAll();
        await ReceiveThreadTests.WaitUntilAsync(() => sessions.All(s => !s.IsOpen));
        // Never disposed: the connections ended, so their threads and slots must go anyway.
        await ReceiveThreadCensus.WaitForBaselineAsync(slots, threads);
        GC.KeepAlive(sessions);
    }

    [Fact]
    public async Task Two_hundred_sessions_churning_concurrently_stay_within_the_limit_all_work_and_end_at_the_baseline()
    {
        const int Sessions = 240, Concurrent = 40, CallsEach = 3;
        var slots = ReceiveThreadSlots.Taken;
        var threads = ReceiveThreadCensus.Count();
        using var engine = new EchoEngineServer();
        var maxTaken = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var taken = ReceiveThreadSlots.Taken;
                if (taken > maxTaken)
                {
                    maxTaken = taken;
                }

                await Task.Delay(1);
            }
        });
        using var gate = new SemaphoreSlim(Concurrent);
        var answered = 0;
        var churn = Enumerable.Range(0, Sessions).Select(i => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try
            {
                var session = await QixSession.OpenAsync(new QixSessionOptions { Url = engine.Url, CloseTimeout = TimeSpan.FromSeconds(5) });
                await using (session)
                {
                    for (var c = 0; c < CallsEach; c++)
                    {
                        Assert.Equal($"{i}/{c}", await EchoCalls.Call(session, "Echo", $"{i}/{c}"));
                        Interlocked.Increment(ref answered);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        })).ToArray();
        await Task.WhenAll(churn).WaitAsync(Bound);
        stop.Cancel();
        await sampler;

        Assert.Equal(Sessions * CallsEach, answered);
        Assert.True(maxTaken <= ReceiveThreadSlots.Limit, $"{maxTaken} slots taken at once; the limit is {ReceiveThreadSlots.Limit}.");
        Assert.True(maxTaken > slots, "No session got a receive thread.");
        await ReceiveThreadCensus.WaitForBaselineAsync(slots, threads);
    }

    [Fact]
    public async Task Callers_that_each_block_a_little_less_than_the_watchdog_period_do_not_queue_every_answer_behind_each_other()
    {
        // Each caller's code after await blocks for less than one watchdog period, so no single completion is ever
        // caught by the watchdog; but the answers of the other callers, already read off the wire one by one, each
        // waited for the caller before them. The watchdog must see that the reader has been held for a whole period
        // with answers due, and hand the reading over.
        const int Callers = 12, CallsEach = 4;
        var block = TimeSpan.FromMilliseconds(60);
        // Enough pool threads for the blocked callers (as a service sized for its load has), so that the thread pool
        // row measures the receive path rather than thread injection.
        ThreadPool.GetMinThreads(out var workers, out var ports);
        ThreadPool.SetMinThreads(Math.Max(workers, 4 * Callers), ports);
        TimeSpan threadPool, dedicated;
        int takeovers;
        try
        {
            (threadPool, _) = await BlockingCallersAsync(QixReceiveMode.ThreadPool, Callers, CallsEach, block);
            (dedicated, takeovers) = await BlockingCallersAsync(QixReceiveMode.DedicatedThread, Callers, CallsEach, block);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, ports);
        }

        _output.WriteLine($"{Callers} callers x {CallsEach} calls, {block.TotalMilliseconds} ms blocked after each await: thread pool {threadPool.TotalMilliseconds:F0} ms, receive thread {dedicated.TotalMilliseconds:F0} ms, {takeovers} takeovers");
        Assert.True(takeovers >= 1, $"The watchdog never took over; the answers queued behind each caller's code ({dedicated.TotalMilliseconds:F0} ms against {threadPool.TotalMilliseconds:F0} ms on the thread pool).");
    }

    private static async Task<(TimeSpan Elapsed, int Takeovers)> BlockingCallersAsync(QixReceiveMode mode, int callers, int callsEach, TimeSpan block)
    {
        using var engine = new EchoEngineServer();
        WebSocketTransport? transport = null;
        var options = new QixSessionOptions
        {
            Url = engine.Url,
            TransportFactory = async (o, token) =>
            {
                var opened = (WebSocketTransport)await WebSocketTransport.ConnectAsync(new QixSessionOptions { Url = o.Url, ReceiveMode = mode }, token);
                transport = opened;
                return opened;
            },
        };
        var session = await QixSession.OpenAsync(options).WaitAsync(Bound);
        await using (session)
        {
            await session.WaitForConnectedAsync(Bound);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
            {
                for (var i = 0; i < callsEach; i++)
                {
                    Assert.Equal($"{c}/{i}", await EchoCalls.Call(session, "Echo", $"{c}/{i}"));
                    Thread.Sleep(block); // user code after await, on the receive thread when it has one
                }
            }))).WaitAsync(Bound);
            return (watch.Elapsed, transport!.ReceiveThreadTakeovers);
        }
    }

    [Theory]
    [InlineData(QixReceiveMode.DedicatedThread)]
    [InlineData(QixReceiveMode.ThreadPool)]
    public async Task Code_after_await_that_throws_fails_only_itself_and_the_session_goes_on(QixReceiveMode mode)
    {
        using var engine = new EchoEngineServer();
        var session = await QixSession.OpenAsync(new QixSessionOptions { Url = engine.Url, ReceiveMode = mode }).WaitAsync(Bound);
        await using (session)
        {
            await session.WaitForConnectedAsync(Bound);

            // Code after await that throws (a synchronous continuation, an async method) fails only itself.
            for (var i = 0; i < 10; i++)
            {
                var throwing = EchoCalls.Call(session, "Echo", "t" + i).ContinueWith(_ => throw new InvalidOperationException("user"), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                await Assert.ThrowsAsync<InvalidOperationException>(() => throwing.WaitAsync(Bound));
                await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                {
                    await EchoCalls.Call(session, "Echo", "u" + i).ConfigureAwait(false); // on the receive thread when there is one
                    throw new InvalidOperationException("user");
                });
            }

            Assert.Equal("still", await EchoCalls.Call(session, "Echo", "still").WaitAsync(Bound));
        }
    }

    [Theory]
    [InlineData(QixReceiveMode.DedicatedThread)]
    [InlineData(QixReceiveMode.ThreadPool)]
    public async Task Code_after_await_that_disposes_the_session_synchronously_returns_and_the_thread_ends(QixReceiveMode mode)
    {
        var slots = ReceiveThreadSlots.Taken;
        var threads = ReceiveThreadCensus.Count();
        using var engine = new EchoEngineServer();
        var session = await QixSession.OpenAsync(new QixSessionOptions { Url = engine.Url, ReceiveMode = mode, CloseTimeout = TimeSpan.FromSeconds(5) }).WaitAsync(Bound);
        await session.WaitForConnectedAsync(Bound);
        var pending = new List<Task<string>>();
        async Task<string> DisposeFromTheContinuationAsync()
        {
            var answer = await EchoCalls.Call(session, "Echo", "last");
            pending.Add(EchoCalls.Call(session, "Echo", "in flight"));
            // Sync-over-async dispose, on the receive thread when there is one: the close reply must still be read.
            session.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return answer;
        }

        Assert.Equal("last", await DisposeFromTheContinuationAsync().WaitAsync(Bound));
        Assert.False(session.IsOpen);
        foreach (var call in pending)
        {
            var outcome = await Record.ExceptionAsync(() => call.WaitAsync(Bound));
            Assert.True(outcome is null or QixException, outcome?.ToString());
        }

        await ReceiveThreadCensus.WaitForBaselineAsync(slots, threads);
    }

    [Theory]
    [InlineData(QixReceiveMode.DedicatedThread)]
    [InlineData(QixReceiveMode.ThreadPool)]
    public async Task A_blocking_wait_for_a_call_started_after_await_hands_the_reading_over_at_once_not_a_watchdog_period_later(QixReceiveMode mode)
    {
        const int Rounds = 20;
        using var engine = new EchoEngineServer();
        WebSocketTransport? transport = null;
        var session = await QixSession.OpenAsync(new QixSessionOptions
        {
            Url = engine.Url,
            TransportFactory = async (o, token) => transport = (WebSocketTransport)await WebSocketTransport.ConnectAsync(new QixSessionOptions { Url = o.Url, ReceiveMode = mode }, token),
        }).WaitAsync(Bound);
        await using (session)
        {
            await session.WaitForConnectedAsync(Bound);
            var rounds = new List<double>();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            async Task MixedAsync()
            {
                for (var i = 0; i < Rounds; i++)
                {
                    var round = System.Diagnostics.Stopwatch.StartNew();
                    Assert.Equal("a" + i, await EchoCalls.Call(session, "Echo", "a" + i).ConfigureAwait(false));
                    // Legacy code: a blocking wait for the next call, right after an await.
                    Assert.Equal("b" + i, EchoCalls.Call(session, "Echo", "b" + i).GetAwaiter().GetResult());
                    rounds.Add(round.Elapsed.TotalMilliseconds);
                }
            }

            await MixedAsync().WaitAsync(Bound);
            var median = rounds.OrderBy(r => r).ElementAt(Rounds / 2);
            _output.WriteLine($"{mode}: {Rounds} rounds of await + blocking wait in {watch.Elapsed.TotalMilliseconds:F0} ms (median round {median:F1} ms, slowest {rounds.Max():F1} ms), {transport!.ReceiveThreadTakeovers} takeovers");
            // Not "it was fast": a round that waits for the watchdog costs at least one period, by construction (the
            // median, as one round may wait for the thread pool to grow: the blocking wait holds a pool thread).
            // The reading must move as soon as the code that started the call blocks, not a period later.
            Assert.True(median < ReceiveThread.WatchdogPeriod.TotalMilliseconds, $"The median round took {median:F1} ms: a watchdog period ({ReceiveThread.WatchdogPeriod.TotalMilliseconds} ms) or more.");
        }
    }

    [Theory]
    [InlineData(QixReceiveMode.DedicatedThread)]
    [InlineData(QixReceiveMode.ThreadPool)]
    public async Task An_idle_connection_sends_its_keep_alive_and_a_notification_handler_can_call_and_await(QixReceiveMode mode)
    {
        using var server = new RawWebSocketServer();
        var (session, peer) = await server.ConnectSessionAsync(new QixSessionOptions { ReceiveMode = mode, KeepAliveInterval = TimeSpan.FromMilliseconds(100) }, Bound);
        await using (session)
        using (peer)
        {
            // Idle: the keep-alive frames still go out (written by the keep-alive timer, not the blocked reader).
            var controls = new List<(byte Opcode, byte[] Payload)>();
            var fromHandler = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            session.NotificationReceived += async (_, e) =>
            {
                if (e.Method == "OnPoke")
                {
                    try
                    {
                        fromHandler.TrySetResult(await EchoCalls.Call(session, "Echo", "from handler"));
                    }
                    catch (Exception failure)
                    {
                        fromHandler.TrySetException(failure);
                    }
                }
            };
            await Task.Delay(800);
            await peer.SendTextAsync("{\"jsonrpc\":\"2.0\",\"method\":\"OnPoke\",\"params\":{}}");
            var (id, _) = await peer.ReadRequestFrameAsync(controls).WaitAsync(Bound);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(id, "from handler"));
            Assert.Equal("from handler", await fromHandler.Task.WaitAsync(Bound));
            Assert.True(controls.Count(c => c.Opcode is RawWebSocketPeer.Pong or RawWebSocketPeer.Ping) >= 2, $"{controls.Count} keep-alive frames in 800 ms at a 100 ms interval.");
        }
    }

    /// <summary>Suspends the session, the engine answering its close (4000) as an engine does.</summary>
    internal static async Task SuspendAnsweringTheCloseAsync(QixSession session, RawWebSocketPeer peer)
    {
        var suspending = session.SuspendAsync();
        var close = await peer.ReadFrameAsync().WaitAsync(Bound);
        Assert.Equal(RawWebSocketPeer.Close, close.Opcode);
        await peer.WriteRawAsync(RawWebSocketPeer.CloseFrame(4000, "bye"));
        await suspending.WaitAsync(Bound);
        Assert.True(session.IsSuspended);
    }
}

/// <summary>Counts the process's receive threads by name (<c>/proc/self/task/*/comm</c>) and waits for them to end.</summary>
internal static class ReceiveThreadCensus
{
    private const string ThreadName = "QixGen receive";

    /// <summary>How many threads of the process are named as a receive thread now (0 where /proc is absent).</summary>
    public static int Count()
    {
        var count = 0;
        foreach (var task in Directory.Exists("/proc/self/task") ? Directory.GetDirectories("/proc/self/task") : Array.Empty<string>())
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == ThreadName)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The thread ended while it was being looked at.
            }
        }

        return count;
    }

    /// <summary>Waits (within tens of seconds) until the slots and receive threads are back to what they were.</summary>
    public static async Task WaitForBaselineAsync(int slots, int threads)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (ReceiveThreadSlots.Taken > slots || Count() > threads)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not back to the baseline: {ReceiveThreadSlots.Taken} slots taken (was {slots}), {Count()} receive threads (was {threads}).");
            await Task.Delay(50);
        }
    }
}

/// <summary>
/// A loopback engine that upgrades every connection (OnConnected in the same write), echoes each request's first
/// argument, answers a close with a close, and can close or drop its connections on demand.
/// </summary>
internal sealed class EchoEngineServer : IDisposable
{
    private readonly RawWebSocketServer _server = new RawWebSocketServer();
    private readonly CancellationTokenSource _stop = new CancellationTokenSource();
    private readonly List<RawWebSocketPeer> _peers = new List<RawWebSocketPeer>();
    private readonly Task _accepting;

    public EchoEngineServer() => _accepting = AcceptAsync();

    public Uri Url => _server.Url;

    /// <summary>Drops every connection open now (no close frame).</summary>
    public void DropAll()
    {
        foreach (var peer in Take(every: 1, offset: 0))
        {
            peer.Dispose();
        }
    }

    /// <summary>Sends a close frame on every <paramref name="every"/>-th connection open now (from <paramref name="offset"/>).</summary>
    public void CloseAll(bool closeFrame, int every, int offset)
    {
        foreach (var peer in Take(every, offset))
        {
            if (closeFrame)
            {
                _ = Record.ExceptionAsync(() => peer.WriteRawAsync(RawWebSocketPeer.CloseFrame(1001, "engine going away")));
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _server.Dispose();
        DropAll();
    }

    private List<RawWebSocketPeer> Take(int every, int offset)
    {
        lock (_peers)
        {
            var taken = _peers.Where((_, i) => i % every == offset).ToList();
            if (every == 1)
            {
                _peers.Clear();
            }

            return taken;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            RawWebSocketPeer peer;
            try
            {
                peer = await _server.AcceptAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            lock (_peers)
            {
                _peers.Add(peer);
            }

            _ = ServeAsync(peer);
        }
    }

    private static async Task ServeAsync(RawWebSocketPeer peer)
    {
        try
        {
            await peer.UpgradeAsync(sameWrite: RawWebSocketPeer.Frame(RawWebSocketPeer.Text, Encoding.UTF8.GetBytes(RawWebSocketPeer.Connected)));
            while (true)
            {
                var frame = await peer.ReadFrameAsync();
                if (frame.Opcode == RawWebSocketPeer.Close)
                {
                    var code = frame.Payload.Length >= 2 ? (frame.Payload[0] << 8) | frame.Payload[1] : 1000;
                    await peer.WriteRawAsync(RawWebSocketPeer.CloseFrame(code, ""));
                    peer.Dispose();
                    return;
                }

                if (frame.Opcode == RawWebSocketPeer.Text)
                {
                    using var request = JsonDocument.Parse(frame.Payload);
                    var id = request.RootElement.GetProperty("id").GetInt32();
                    await peer.SendTextAsync(RawWebSocketPeer.Answer(id, request.RootElement.GetProperty("params")[0].GetString()!));
                }
            }
        }
        catch (Exception)
        {
            // The connection ended (client closed, or the test dropped it).
            peer.Dispose();
        }
    }
}

internal static class RawWebSocketPeerExtensions
{
    /// <summary>Reads (and answers a close with a close) until the client closes the connection.</summary>
    public static async Task ReadUntilClosedAsync(this RawWebSocketPeer peer)
    {
        try
        {
            while (true)
            {
                var frame = await peer.ReadFrameAsync();
                if (frame.Opcode == RawWebSocketPeer.Close)
                {
                    await peer.WriteRawAsync(RawWebSocketPeer.CloseFrame(1000, ""));
                }
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or SocketException)
        {
            // The client closed the connection.
        }
    }
}
