using System;
using System.Collections.Generic;
using System.Linq;
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
/// Faults found by the hostile review of <see cref="QixReceiveMode.DedicatedThread"/> (break13): each test
/// failed before its fix. Bounds only say "it did not hang".
/// </summary>
public sealed class ReceiveThreadFaultTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static Task<(QixSession Session, RawWebSocketPeer Peer, Func<WebSocketTransport> Transport)> ConnectAsync(RawWebSocketServer server, Action<QixSessionOptions>? configure = null, bool receiveThread = true) =>
        ReceiveThreadTests.ConnectAsync(server, configure, receiveThread ? QixReceiveMode.DedicatedThread : QixReceiveMode.ThreadPool);

    private static Task WaitUntilAsync(Func<bool> condition) => ReceiveThreadTests.WaitUntilAsync(condition);

    [Fact]
    public async Task A_ping_that_arrives_while_a_send_is_blocked_is_answered_and_the_session_goes_on()
    {
        using var server = new RawWebSocketServer();
        var (session, peer, _) = await ConnectAsync(server);
        await using (session)
        using (peer)
        {
            // A request larger than the socket buffers while the engine does not read: the send blocks, holding the
            // WebSocket's send lock. The engine's ping then needs a pong the reader cannot write at once.
            var big = new string('x', 32 * 1024 * 1024);
            var call = Task.Run(() => EchoCalls.Call(session, "Echo", big));
            await WaitUntilAsync(() => call.IsCompleted || peer.Available > 64 * 1024);
            Assert.False(call.IsCompleted, call.Exception?.ToString());
            await Task.Delay(500);
            await peer.WriteRawAsync(RawWebSocketPeer.Frame(RawWebSocketPeer.Ping, "are you there"u8));
            await Task.Delay(1000); // the reader has the ping by now (the test cannot fail for being slow, only miss)

            var controls = new List<(byte Opcode, byte[] Payload)>();
            var (id, _) = await peer.ReadRequestFrameAsync(controls).WaitAsync(Bound);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(id, "ok"));
            Assert.Equal("ok", await call.WaitAsync(Bound));

            // The pong was written after the blocked frame, and the session still works.
            var next = EchoCalls.Call(session, "Echo", "next");
            var (nextId, _) = await peer.ReadRequestFrameAsync(controls).WaitAsync(Bound);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(nextId, "next"));
            Assert.Equal("next", await next.WaitAsync(Bound));
            Assert.Contains(controls, c => c.Opcode == RawWebSocketPeer.Pong && Encoding.UTF8.GetString(c.Payload) == "are you there");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_call_whose_send_is_blocked_by_an_engine_that_does_not_read_ends_at_its_CallTimeout(bool receiveThread)
    {
        using var server = new RawWebSocketServer();
        var (session, peer, _) = await ConnectAsync(server, o => o.CallTimeout = TimeSpan.FromSeconds(2), receiveThread);
        await using (session)
        using (peer)
        {
            var big = new string('x', 32 * 1024 * 1024);
            var call = Task.Run(() => EchoCalls.Call(session, "Echo", big));
            await Assert.ThrowsAnyAsync<QixException>(() => call.WaitAsync(TimeSpan.FromSeconds(60)));
        }
    }

    [Fact]
    public async Task Small_calls_that_fill_the_buffers_of_an_engine_that_stopped_reading_end_typed_at_their_timeout_or_token_and_dispose_ends_everything()
    {
        using var server = new RawWebSocketServer();
        var (session, peer, transport) = await ConnectAsync(server, o =>
        {
            o.CallTimeout = TimeSpan.FromSeconds(3);
            o.CloseTimeout = TimeSpan.FromSeconds(1);
        });
        using (peer)
        {
            // 8 KB requests (each under the size once written inline) until the socket buffers are full: the engine
            // never reads. Starting a call must never hold the starting thread.
            var payload = new string('x', 8 * 1024);
            var starting = Task.Factory.StartNew(
                () => Enumerable.Range(0, 2000).Select(_ => EchoCalls.Call(session, "Echo", payload)).ToArray(),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            var calls = await starting.WaitAsync(Bound);
            await WaitUntilAsync(() => peer.Available > 64 * 1024);

            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            var cancelled = Task.Run(() => EchoCalls.Call(session, "Echo", "small", cancel.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Bound));
            foreach (var call in calls)
            {
                await Assert.ThrowsAnyAsync<QixException>(() => call.WaitAsync(Bound));
            }

            await session.DisposeAsync().AsTask().WaitAsync(Bound);
            await WaitUntilAsync(() => transport().ReceiveThreadsAlive == 0);
        }
    }

    [Fact]
    public async Task Disposing_the_session_while_a_send_is_blocked_returns_and_fails_the_call_typed()
    {
        using var server = new RawWebSocketServer();
        var (session, peer, transport) = await ConnectAsync(server, o => o.CloseTimeout = TimeSpan.FromSeconds(2));
        using (peer)
        {
            var big = new string('x', 32 * 1024 * 1024);
            var call = Task.Run(() => EchoCalls.Call(session, "Echo", big));
            await WaitUntilAsync(() => call.IsCompleted || peer.Available > 64 * 1024);
            await session.DisposeAsync().AsTask().WaitAsync(Bound);
            await Assert.ThrowsAnyAsync<QixException>(() => call.WaitAsync(Bound));
            await WaitUntilAsync(() => transport().ReceiveThreadsAlive == 0);
        }
    }

    [Fact]
    public async Task Disposing_the_session_during_a_takeover_ends_every_reader()
    {
        using var server = new RawWebSocketServer();
        var (session, peer, transport) = await ConnectAsync(server, o => o.CloseTimeout = TimeSpan.FromSeconds(1));
        using (peer)
        {
            var release = new ManualResetEventSlim();
            using var stop = new CancellationTokenSource();
            var engine = Task.Run(async () =>
            {
                while (true)
                {
                    var (id, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound, stop.Token);
                    await peer.SendTextAsync(RawWebSocketPeer.Answer(id, "first"));
                }
            });
            async Task<string> HoldTheReaderAsync()
            {
                var first = await EchoCalls.Call(session, "Echo", "first");
                if (Thread.CurrentThread.Name != "QixGen receive")
                {
                    return "handed over through the thread pool";
                }

                release.Wait(Bound); // user code blocking the receive thread
                return first;
            }

            // The code after the await runs on the receive thread when the answer is handed over there; on a loaded
            // machine it can go through the thread pool instead, and then there is no reader to take over from: again.
            var holding = HoldTheReaderAsync();
            for (var attempt = 1; attempt < 20; attempt++)
            {
                await WaitUntilAsync(() => holding.IsCompleted || transport().ReceiveThreadTakeovers >= 1);
                if (!holding.IsCompleted)
                {
                    break;
                }

                Assert.Equal("handed over through the thread pool", await holding);
                holding = HoldTheReaderAsync();
            }

            await WaitUntilAsync(() => transport().ReceiveThreadTakeovers >= 1);
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.WaitAsync(Bound));
            await session.DisposeAsync().AsTask().WaitAsync(Bound);
            release.Set();
            Assert.Equal("first", await holding.WaitAsync(Bound));
            await WaitUntilAsync(() => transport().ReceiveThreadsAlive == 0);
        }
    }

    [Fact]
    public async Task Callers_that_block_after_await_force_takeovers_while_others_call_and_every_answer_reaches_its_caller()
    {
        const int Callers = 8, CallsEach = 12;
        using var server = new RawWebSocketServer();
        var (session, peer, transport) = await ConnectAsync(server, o => o.CloseTimeout = TimeSpan.FromSeconds(1));
        await using (session)
        using (peer)
        {
            using var stop = new CancellationTokenSource();
            var engine = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var (id, json) = await peer.ReadRequestFrameAsync();
                    using var request = JsonDocument.Parse(json);
                    await peer.SendTextAsync(RawWebSocketPeer.Answer(id, request.RootElement.GetProperty("params")[0].GetString()!));
                }
            });
            var callers = Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
            {
                for (var i = 0; i < CallsEach; i++)
                {
                    var expected = $"{c}/{i}";
                    Assert.Equal(expected, await EchoCalls.Call(session, "Echo", expected));
                    if ((c + i) % 3 == 0)
                    {
                        Thread.Sleep(250); // on the receive thread, most of the time: the watchdog takes over
                    }
                }
            })).ToArray();
            await Task.WhenAll(callers).WaitAsync(Bound);
            Assert.True(transport().ReceiveThreadTakeovers >= 1, "No takeover happened.");
            // The readers taken over from end once their caller's code returns: one reader is left.
            await WaitUntilAsync(() => transport().ReceiveThreadsAlive == 1);
            stop.Cancel();
        }
    }

    [Fact]
    public async Task Sessions_opened_and_disposed_leave_no_receive_thread_behind()
    {
        const int Sessions = 20;
        using var server = new RawWebSocketServer();
        var transports = new List<Func<WebSocketTransport>>();
        for (var i = 0; i < Sessions; i++)
        {
            // The engine never answers the close handshake here: do not wait long for it.
            var (session, peer, transport) = await ConnectAsync(server, o => o.CloseTimeout = TimeSpan.FromMilliseconds(200));
            transports.Add(transport);
            using (peer)
            {
                var answer = Task.Run(async () =>
                {
                    var (id, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
                    await peer.SendTextAsync(RawWebSocketPeer.Answer(id, "x"));
                });
                Assert.Equal("x", await EchoCalls.Call(session, "Echo", "x").WaitAsync(Bound));
                await answer;
                if (i % 2 == 0)
                {
                    await session.DisposeAsync();
                }
                else
                {
                    // The engine drops the connection first, then the user disposes.
                    peer.Dispose();
                    await session.WaitForConnectedAsync(TimeSpan.FromMilliseconds(1)).ContinueWith(_ => { });
                    await session.DisposeAsync();
                }
            }
        }

        await WaitUntilAsync(() => transports.Sum(t => t().ReceiveThreadsAlive) == 0);
    }

    [Fact]
    public async Task An_engine_that_accepts_and_never_answers_the_upgrade_is_bounded_by_the_callers_token()
    {
        using var server = new RawWebSocketServer();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var accepted = server.AcceptAsync(CancellationToken.None);
        var opening = QixSession.OpenAsync(new QixSessionOptions { Url = server.Url, ReceiveMode = QixReceiveMode.DedicatedThread }, cancel.Token);
        using var peer = await accepted.WaitAsync(Bound);
        await peer.ReadRequestAsync().WaitAsync(Bound);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => opening.WaitAsync(Bound));
    }

    [Fact]
    public async Task After_an_unexpected_drop_the_session_resumes_on_a_new_reader_and_the_old_one_ends()
    {
        using var server = new RawWebSocketServer();
        var transports = new List<WebSocketTransport>();
        var options = new QixSessionOptions
        {
            SuspendOnUnexpectedClose = true,
            ResumeRetryDelay = TimeSpan.FromMilliseconds(10),
            TransportFactory = async (o, token) =>
            {
                var opened = (WebSocketTransport)await WebSocketTransport.ConnectAsync(new QixSessionOptions { Url = o.Url, ReceiveMode = QixReceiveMode.DedicatedThread }, token);
                lock (transports)
                {
                    transports.Add(opened);
                }

                return opened;
            },
        };
        var (session, first) = await server.ConnectSessionAsync(options, Bound);
        await using (session)
        {
            var resumed = new TaskCompletionSource<QixSessionState>(TaskCreationOptions.RunContinuationsAsynchronously);
            session.Resumed += (_, state) => resumed.TrySetResult(state);
            using var cancel = new CancellationTokenSource(Bound);
            var accepted = server.AcceptAsync(cancel.Token);
            first.Dispose(); // the connection drops under the blocking read
            using var second = await accepted.WaitAsync(Bound);
            await second.UpgradeAsync(sameWrite: RawWebSocketPeer.Frame(RawWebSocketPeer.Text, Encoding.UTF8.GetBytes(RawWebSocketPeer.Connected.Replace("SESSION_CREATED", "SESSION_ATTACHED"))));
            Assert.Equal(QixSessionState.Attached, await resumed.Task.WaitAsync(Bound));

            var call = EchoCalls.Call(session, "Echo", "after resume");
            var (id, _) = await second.ReadRequestFrameAsync().WaitAsync(Bound);
            await second.SendTextAsync(RawWebSocketPeer.Answer(id, "after resume"));
            Assert.Equal("after resume", await call.WaitAsync(Bound));

            Assert.Equal(2, transports.Count);
            await WaitUntilAsync(() => transports[0].ReceiveThreadsAlive == 0);
            Assert.Equal(1, transports[1].ReceiveThreadsAlive);
        }

        await WaitUntilAsync(() => transports.Sum(t => t.ReceiveThreadsAlive) == 0);
    }

    [Fact]
    public async Task An_answer_over_MaxMessageSize_fails_its_call_only_and_the_next_call_is_answered()
    {
        using var server = new RawWebSocketServer();
        var (session, peer, _) = await ConnectAsync(server, o => o.MaxMessageSize = 64 * 1024);
        await using (session)
        using (peer)
        {
            var large = EchoCalls.Call(session, "Echo", "large");
            var (id, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            // Larger than the limit and than the connection's read buffer, in fragments: the drain path.
            var answer = Encoding.UTF8.GetBytes(RawWebSocketPeer.Answer(id, new string('y', 300 * 1024)));
            var half = answer.Length / 2;
            await peer.WriteRawAsync([.. RawWebSocketPeer.Frame(RawWebSocketPeer.Text, answer.AsSpan(0, half), fin: false), .. RawWebSocketPeer.Frame(RawWebSocketPeer.Continuation, answer.AsSpan(half))]);
            await Assert.ThrowsAnyAsync<QixException>(() => large.WaitAsync(Bound));

            var next = EchoCalls.Call(session, "Echo", "next");
            var (nextId, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(nextId, "next"));
            Assert.Equal("next", await next.WaitAsync(Bound));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_engines_close_handshake_is_answered_from_the_receive_thread_and_reaches_Closed_and_the_thread_ends(bool behindAnAnswer)
    {
        using var server = new RawWebSocketServer();
        var (session, peer, transport) = await ConnectAsync(server);
        await using (session)
        using (peer)
        {
            var closed = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
            session.Closed += (_, e) => closed.TrySetResult(e.CloseCode);
            var call = EchoCalls.Call(session, "Echo", "last");
            var (id, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            var close = RawWebSocketPeer.CloseFrame(4001, "engine going away");
            // Behind an answer in one write, the reader finds the close frame already buffered (the inline receive).
            await peer.WriteRawAsync(behindAnAnswer ? [.. RawWebSocketPeer.Frame(RawWebSocketPeer.Text, Encoding.UTF8.GetBytes(RawWebSocketPeer.Answer(id, "last"))), .. close] : close);
            var reply = await peer.ReadFrameAsync().WaitAsync(Bound);
            Assert.Equal(RawWebSocketPeer.Close, reply.Opcode);
            Assert.Equal(4001, await closed.Task.WaitAsync(Bound));
            if (behindAnAnswer)
            {
                Assert.Equal("last", await call.WaitAsync(Bound));
            }
            else
            {
                await Assert.ThrowsAnyAsync<QixException>(() => call.WaitAsync(Bound));
            }

            // The connection ended: the reader ends too, without waiting for the session's dispose.
            await WaitUntilAsync(() => transport().ReceiveThreadsAlive == 0);
        }
    }
}
