using System;
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
/// <see cref="QixReceiveMode.DedicatedThread"/>: answers arrive on the connection's own thread, code that
/// blocks there is taken over from by the watchdog, and the thread ends with the connection. The hand-over tests
/// (AnswerHandOverTests, AnswerHandOverEdgeTests) also run on this path. Bounds only say "it did not hang".
/// </summary>
public sealed class ReceiveThreadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Sequential_answers_reach_their_callers_on_the_connections_own_thread()
    {
        const int Calls = 40;
        using var server = new RawWebSocketServer();
        var (session, peer, transport) = await ConnectAsync(server);
        await using (session)
        using (peer)
        {
            var engine = EchoEngineAsync(peer, Calls);
            var onReceiveThread = 0;
            for (var i = 0; i < Calls; i++)
            {
                Assert.Equal("call " + i, await EchoCalls.Call(session, "Echo", "call " + i));
                if (Thread.CurrentThread.Name == "QixGen receive")
                {
                    onReceiveThread++;
                }
            }

            await engine.WaitAsync(Bound);
            // The first call starts on the test's thread; after that each answer is handed over on the receive thread.
            Assert.True(onReceiveThread >= Calls - 2, $"{onReceiveThread} of {Calls} continuations ran on the receive thread.");
            Assert.Equal(0, transport().ReceiveThreadTakeovers);
        }
    }

    [Fact]
    public async Task Code_after_await_that_waits_synchronously_for_another_call_is_taken_over_from()
    {
        using var server = new RawWebSocketServer();
        var (session, peer, transport) = await ConnectAsync(server);
        await using (session)
        using (peer)
        {
            using var stop = new CancellationTokenSource();
            var engine = EchoEngineAsync(peer, int.MaxValue, stop.Token);
            async Task<string> BlockOnTheReceiveThreadAsync()
            {
                var first = await EchoCalls.Call(session, "Echo", "first");
                // Sync-over-async on the receive thread (what a careless caller does): only a new reader can read
                // the answer this waits for.
                var second = EchoCalls.Call(session, "Echo", "second").GetAwaiter().GetResult();
                return first + "+" + second + "@" + Thread.CurrentThread.Name;
            }

            // The code after the first await runs on the receive thread when its answer is handed over there; on a
            // loaded machine the hand-over can go through the thread pool instead (the next receive found data at
            // once), and then there is nothing to take over: try again.
            var result = "";
            for (var attempt = 0; attempt < 20 && !result.EndsWith("@QixGen receive", StringComparison.Ordinal); attempt++)
            {
                result = await BlockOnTheReceiveThreadAsync().WaitAsync(Bound);
                Assert.StartsWith("first+second@", result);
            }

            Assert.Equal("first+second@QixGen receive", result);
            Assert.True(transport().ReceiveThreadTakeovers >= 1, "The watchdog never took over.");
            // The session goes on working on the new reader.
            Assert.Equal("third", await EchoCalls.Call(session, "Echo", "third").WaitAsync(Bound));
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.WaitAsync(Bound));
            // The reader that was taken over from ended once its completion returned: one reader left.
            await WaitUntilAsync(() => transport().ReceiveThreadsAlive == 1);
        }
    }

    [Fact]
    public async Task Many_calls_in_flight_all_complete_and_the_answers_behind_a_slow_caller_are_not_held_up()
    {
        const int Calls = 200;
        using var server = new RawWebSocketServer();
        var (session, peer, _) = await ConnectAsync(server);
        await using (session)
        using (peer)
        {
            var requests = new (int Id, string Json)[Calls];
            var calls = Enumerable.Range(0, Calls).Select(i => EchoCalls.Call(session, "Echo", "call " + i)).ToArray();
            for (var i = 0; i < Calls; i++)
            {
                requests[i] = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            }

            // All answers in one write: the reader finds many messages per receive.
            await peer.WriteRawAsync(requests.SelectMany(r => RawWebSocketPeer.Frame(RawWebSocketPeer.Text, Encoding.UTF8.GetBytes(RawWebSocketPeer.Answer(r.Id, ParamOf(r.Json))))).ToArray());
            var answers = await Task.WhenAll(calls).WaitAsync(Bound);
            Assert.Equal(Enumerable.Range(0, Calls).Select(i => "call " + i), answers);
        }
    }

    [Fact]
    public async Task Disposing_the_session_ends_the_receive_thread_and_fails_the_calls_in_flight_typed()
    {
        using var server = new RawWebSocketServer();
        var (session, peer, transport) = await ConnectAsync(server);
        using (peer)
        {
            Assert.Equal(1, transport().ReceiveThreadsAlive);
            var unanswered = EchoCalls.Call(session, "Echo", "never answered");
            await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            await session.DisposeAsync().AsTask().WaitAsync(Bound);
            await Assert.ThrowsAnyAsync<QixException>(() => unanswered.WaitAsync(Bound));
            await WaitUntilAsync(() => transport().ReceiveThreadsAlive == 0);
        }
    }

    [Fact]
    public async Task The_engine_closing_the_connection_reaches_the_session_and_the_thread_ends()
    {
        using var server = new RawWebSocketServer();
        var (session, peer, transport) = await ConnectAsync(server);
        await using (session)
        {
            var closed = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
            session.Closed += (_, e) => closed.TrySetResult(e.CloseCode);
            var unanswered = EchoCalls.Call(session, "Echo", "never answered");
            await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            peer.Dispose(); // the connection drops under the blocking read
            Assert.Equal(1006, await closed.Task.WaitAsync(Bound));
            await Assert.ThrowsAnyAsync<QixException>(() => unanswered.WaitAsync(Bound));
            await session.DisposeAsync();
            await WaitUntilAsync(() => transport().ReceiveThreadsAlive == 0);
        }
    }

    [Fact]
    public async Task An_idle_connection_has_no_watchdog_timer_running()
    {
        using var server = new RawWebSocketServer();
        var (session, peer, transport) = await ConnectAsync(server);
        await using (session)
        using (peer)
        {
            var engine = EchoEngineAsync(peer, 5);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal("call " + i, await EchoCalls.Call(session, "Echo", "call " + i));
            }

            await engine.WaitAsync(Bound);
            // Armed by the calls (each posted its next receive from inside a completion), disarmed once the
            // completions returned: an idle connection costs no timer ticks.
            await WaitUntilAsync(() => !transport().ReceiveThreadWatchdogArmed);
            Assert.Equal(0, transport().ReceiveThreadTakeovers);
        }
    }

    /// <summary>A session on <paramref name="server"/> over the direct path, with a receive thread of its own unless told otherwise; the transport it opened.</summary>
    internal static async Task<(QixSession Session, RawWebSocketPeer Peer, Func<WebSocketTransport> Transport)> ConnectAsync(RawWebSocketServer server, Action<QixSessionOptions>? configure = null, QixReceiveMode mode = QixReceiveMode.DedicatedThread)
    {
        WebSocketTransport? transport = null;
        var options = new QixSessionOptions
        {
            TransportFactory = async (o, token) =>
            {
                var opened = await WebSocketTransport.ConnectAsync(new QixSessionOptions { Url = o.Url, ReceiveMode = mode }, token);
                transport = (WebSocketTransport)opened;
                return opened;
            },
        };
        configure?.Invoke(options);
        var (session, peer) = await server.ConnectSessionAsync(options, Bound);
        return (session, peer, () => transport!);
    }

    /// <summary>Answers <paramref name="calls"/> calls with their first parameter (until <paramref name="stop"/>: then it ends cancelled).</summary>
    private static Task EchoEngineAsync(RawWebSocketPeer peer, int calls, CancellationToken stop = default) => Task.Run(async () =>
    {
        for (var i = 0; i < calls; i++)
        {
            var (id, json) = await peer.ReadRequestFrameAsync().WaitAsync(Bound, stop);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(id, ParamOf(json)));
        }
    });

    private static string ParamOf(string requestJson)
    {
        using var request = JsonDocument.Parse(requestJson);
        return request.RootElement.GetProperty("params")[0].GetString()!;
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within the bound.");
            await Task.Delay(20);
        }
    }
}
