using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests.Transport;

/// <summary>
/// The receive loop hands a caller its answer on the loop's own thread once the next receive is armed
/// (<c>Session/AnswerHandOver.cs</c>): the caller's code runs without a hop, and code that blocks there cannot stop
/// the answers behind it. Both WebSocket paths; bounds only say "it did not hang".
/// </summary>
public sealed class AnswerHandOverTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    internal static Task<(QixSession Session, RawWebSocketPeer Peer)> ConnectAsync(RawWebSocketServer server, bool useClientWebSocket, bool receiveThread = false) =>
        server.ConnectSessionAsync(new QixSessionOptions { UseClientWebSocket = useClientWebSocket, ReceiveMode = receiveThread ? QixReceiveMode.DedicatedThread : QixReceiveMode.ThreadPool }, Bound);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(false, true)]
    public async Task Code_after_await_that_blocks_until_the_next_answer_does_not_stop_the_loop_from_reading_it(bool useClientWebSocket, bool receiveThread = false)
    {
        using var server = new RawWebSocketServer();
        var (session, peer) = await ConnectAsync(server, useClientWebSocket, receiveThread);
        await using (session)
        using (peer)
        {
            var second = EchoCalls.Call(session, "Echo", "second");
            var blocking = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            async Task<string> FirstThenWaitForSecondAsync()
            {
                var first = await EchoCalls.Call(session, "Echo", "first");
                // Runs where the answer was handed over. Blocking here on purpose (what a careless caller does):
                // the second answer must still be read, by the loop on another thread.
                blocking.TrySetResult(true);
                return second.Wait(Bound) ? first + "+" + second.Result : "the second answer never came";
            }

            var user = FirstThenWaitForSecondAsync();
            var (a, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            var (b, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            var firstId = Math.Max(a, b); // the first call was made second
            var secondId = Math.Min(a, b);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(firstId, "first"));
            await blocking.Task.WaitAsync(Bound);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(secondId, "second"));
            Assert.Equal("first+second", await user.WaitAsync(Bound + Bound));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(false, true)]
    public async Task Sequential_answers_reach_their_callers_without_a_thread_pool_hop(bool useClientWebSocket, bool receiveThread = false)
    {
        const int Calls = 40;
        using var server = new RawWebSocketServer();
        var (session, peer) = await ConnectAsync(server, useClientWebSocket, receiveThread);
        await using (session)
        using (peer)
        {
            var engine = Task.Run(async () =>
            {
                for (var i = 0; i < Calls; i++)
                {
                    var (id, json) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
                    await peer.SendTextAsync(RawWebSocketPeer.Answer(id, "answer " + i));
                }
            });

            var handedOver = 0;
            for (var i = 0; i < Calls; i++)
            {
                Assert.Equal("answer " + i, await EchoCalls.Call(session, "Echo", "call " + i));
                // Handed over: this code runs inside the receive loop's hand-over, not from a thread-pool queue.
                if (new StackTrace().ToString().Contains("QixGen.Session.AnswerHandOver", StringComparison.Ordinal))
                {
                    handedOver++;
                }
            }

            await engine.WaitAsync(Bound);
            // Each next answer can only come after the call it answers was sent, so the loop's next receive is
            // always armed first: every answer is handed over (a few may not be, should a test thread not be a
            // thread-pool thread).
            Assert.True(handedOver >= Calls - 5, $"{handedOver} of {Calls} answers were handed over on the loop's thread.");
        }
    }

    [Fact]
    public async Task An_answer_followed_at_once_by_the_close_still_reaches_its_caller()
    {
        // In memory, the receive after the answer finds the close already queued and completes at once: the answer
        // is still held when the loop ends, and must be completed on the way out (not failed, not lost).
        var (session, engine) = ScriptedEngine.Start((request, self) =>
        {
            self.SendAsync(EchoCalls.Echo(request)).AsTask().Wait();
            self.CloseAsync(1000, "bye").AsTask().Wait();
            return null;
        });
        await using (engine)
        await using (session)
        {
            Assert.Equal("last", await EchoCalls.Call(session, "Echo", "last").WaitAsync(Bound));
            await Assert.ThrowsAnyAsync<QixException>(() => EchoCalls.Call(session, "Echo", "after").WaitAsync(Bound));
        }
    }
}
