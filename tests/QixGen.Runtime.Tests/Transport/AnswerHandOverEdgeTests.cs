using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
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
/// Edges of the answer hand-over (<c>Session/AnswerHandOver.cs</c>) found by trying to break it: an answer held while
/// the loop's next receive fails at once must reach its caller before the loop raises any event about that failure.
/// </summary>
public sealed class AnswerHandOverEdgeTests
{
    /// <summary>"It did not hang", not "it was fast".</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_whose_next_receive_fails_at_once_reaches_its_caller_before_the_event_about_the_failure(bool tooLarge)
    {
        // The answer is held while the next receive is started; that receive fails synchronously (the connection
        // dropped with the answer, or an oversized message was already buffered). A Closed or ProtocolError handler
        // that waits for the call (sync-over-async in user code, or just checking it) must find it answered: the loop
        // must not raise the event while it still holds the answer, or that handler waits for ever.
        var transport = new AnswerThenFailTransport(tooLarge);
        var session = QixSession.Start(transport);
        await using (session)
        {
            Task<string>? call = null;
            var handlerSawAnswer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            void WaitForCall()
            {
                try
                {
                    handlerSawAnswer.TrySetResult(call!.Wait(Bound));
                }
                catch (AggregateException)
                {
                    handlerSawAnswer.TrySetResult(false);
                }
            }

            session.Closed += (_, _) => WaitForCall();
            session.ProtocolError += (_, _) => WaitForCall();
            call = EchoCalls.Call(session, "Echo", "answer");
            await transport.Sent.WaitAsync(Bound);
            transport.ReleaseAnswer();

            Assert.True(await handlerSawAnswer.Task.WaitAsync(Bound + Bound), "The event handler waited for the held answer in vain.");
            Assert.Equal("answer", await call.WaitAsync(Bound));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(false, true)]
    public async Task A_caller_on_a_single_threaded_context_gets_its_continuation_posted_never_run_on_the_loop(bool useClientWebSocket, bool receiveThread = false)
    {
        const int Calls = 30;
        using var server = new RawWebSocketServer();
        var (session, peer) = await AnswerHandOverTests.ConnectAsync(server, useClientWebSocket, receiveThread);
        await using (session)
        using (peer)
        using (var context = new SingleThreadContext())
        {
            var engine = EchoEngineAsync(peer);
            var offContext = await context.RunAsync(async () =>
            {
                var wrong = 0;
                for (var i = 0; i < Calls; i++)
                {
                    Assert.Equal("call " + i, await EchoCalls.Call(session, "Echo", "call " + i));
                    // Must run on the context's own thread, never inside the loop's hand-over.
                    if (Thread.CurrentThread != context.Thread || new StackTrace().ToString().Contains("QixGen.Session.AnswerHandOver", StringComparison.Ordinal))
                    {
                        wrong++;
                    }
                }

                return wrong;
            }).WaitAsync(Bound + Bound);
            Assert.Equal(0, offContext);
            await session.DisposeAsync();
            await engine.WaitAsync(Bound);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(false, true)]
    public async Task AsyncLocal_values_flow_to_each_caller_after_await_and_never_into_the_loop_or_other_callers(bool useClientWebSocket, bool receiveThread = false)
    {
        const int Callers = 8, CallsEach = 15;
        using var server = new RawWebSocketServer();
        var (session, peer) = await AnswerHandOverTests.ConnectAsync(server, useClientWebSocket, receiveThread);
        await using (session)
        using (peer)
        {
            var seenByLoop = new ConcurrentBag<string?>();
            session.Traffic += (_, e) =>
            {
                if (!e.Sent)
                {
                    seenByLoop.Add(Tag.Value);
                }
            };

            var engine = EchoEngineAsync(peer);
            var wrong = new ConcurrentBag<string>();
            await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
            {
                for (var i = 0; i < CallsEach; i++)
                {
                    var mine = $"caller {c} call {i}";
                    Tag.Value = mine;
                    await EchoCalls.Call(session, "Echo", mine);
                    if (Tag.Value != mine)
                    {
                        wrong.Add($"{mine} saw {Tag.Value ?? "null"}");
                    }

                    // Set where the answer was handed over (often the loop's thread): must stay with this caller.
                    Tag.Value = "leaked by " + mine;
                }
            }))).WaitAsync(Bound + Bound);

            Assert.Empty(wrong);
            Assert.NotEmpty(seenByLoop);
            Assert.All(seenByLoop, value => Assert.Null(value));
            await session.DisposeAsync();
            await engine.WaitAsync(Bound);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(false, true)]
    public async Task Code_after_await_that_disposes_the_session_synchronously_does_not_hang_and_other_calls_end_typed(bool useClientWebSocket, bool receiveThread = false)
    {
        using var server = new RawWebSocketServer();
        var (session, peer) = await AnswerHandOverTests.ConnectAsync(server, useClientWebSocket, receiveThread);
        await using (session)
        using (peer)
        {
            var other = EchoCalls.Call(session, "Echo", "never answered");
            async Task<bool> AnswerThenDisposeAsync()
            {
                await EchoCalls.Call(session, "Echo", "first");
                // Sync-over-async where the answer was handed over: the close reply must still be read by the loop.
                return session.DisposeAsync().AsTask().Wait(Bound);
            }

            var user = AnswerThenDisposeAsync();
            var (a, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            var (b, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(Math.Max(a, b), "first"));
            var closing = await peer.ReadFrameAsync().WaitAsync(Bound);
            Assert.Equal(RawWebSocketPeer.Close, closing.Opcode);
            await peer.WriteRawAsync(RawWebSocketPeer.CloseFrame(1000, ""));
            Assert.True(await user.WaitAsync(Bound + Bound), "DisposeAsync did not complete");
            await Assert.ThrowsAsync<QixSessionDisposedException>(() => other.WaitAsync(Bound));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Calls_cancelled_around_the_moment_their_answer_arrives_end_answered_or_cancelled_and_the_session_goes_on(bool callTimeout)
    {
        // The cancellation fires while the answer is being dispatched or held for hand-over (a token cancelled from
        // another thread as the answer frame is read, or a CallTimeout about as long as the engine takes): whichever
        // wins, the caller sees exactly one outcome, and nothing is left pending.
        var calls = callTimeout ? 60 : 400;
        var engineDelays = new Random(1130);
        var cancelDelays = new Random(1131);
        var options = new QixSessionOptions { CallTimeout = callTimeout ? TimeSpan.FromMilliseconds(10) : null };
        var (session, engine) = ScriptedEngine.Start((request, _) =>
        {
            if (callTimeout)
            {
                Thread.Sleep(engineDelays.Next(0, 20));
            }

            return EchoCalls.Echo(request);
        }, options);
        await using (engine)
        await using (session)
        {
            CancellationTokenSource? current = null;
            session.Traffic += (_, e) =>
            {
                if (!e.Sent && Volatile.Read(ref current) is { } source)
                {
                    if (cancelDelays.Next(2) == 0)
                    {
                        source.Cancel(); // as the answer is read, before the loop takes the call from the pending table
                        return;
                    }

                    var spin = cancelDelays.Next(0, 300);
                    ThreadPool.QueueUserWorkItem(_ =>
                    {
                        Thread.SpinWait(spin);
                        try
                        {
                            source.Cancel();
                        }
                        catch (ObjectDisposedException)
                        {
                            // The call ended and its test iteration moved on.
                        }
                    });
                }
            };

            var answered = 0;
            var cancelled = 0;
            for (var i = 0; i < calls; i++)
            {
                using var source = new CancellationTokenSource();
                Volatile.Write(ref current, callTimeout ? null : source);
                var call = EchoCalls.Call(session, "Echo", "call " + i, source.Token);
                try
                {
                    Assert.Equal("call " + i, await call.WaitAsync(Bound));
                    answered++;
                }
                catch (Exception e) when (e is OperationCanceledException or QixTimeoutException)
                {
                    cancelled++;
                }
            }

            Assert.Equal(calls, answered + cancelled);
            Volatile.Write(ref current, null);
            options.CallTimeout = null;
            Assert.Equal("after", await EchoCalls.Call(session, "Echo", "after").WaitAsync(Bound));
            Assert.Equal(0, session.PendingCallCount);
        }
    }

    private static readonly AsyncLocal<string?> Tag = new();

    /// <summary>Echoes every request's first argument; answers the client's close and ends.</summary>
    private static Task EchoEngineAsync(RawWebSocketPeer peer) => Task.Run(async () =>
    {
        while (true)
        {
            var frame = await peer.ReadFrameAsync();
            if (frame.Opcode == RawWebSocketPeer.Close)
            {
                await peer.WriteRawAsync(RawWebSocketPeer.CloseFrame(1000, ""));
                return;
            }

            if (frame.Opcode == RawWebSocketPeer.Text)
            {
                using var request = JsonDocument.Parse(frame.Payload);
                await peer.SendTextAsync(RawWebSocketPeer.Answer(request.RootElement.GetProperty("id").GetInt32(), request.RootElement.GetProperty("params")[0].GetString()!));
            }
        }
    });

    /// <summary>A synchronization context with one thread of its own (a UI thread's shape).</summary>
    private sealed class SingleThreadContext : SynchronizationContext, IDisposable
    {
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();

        public SingleThreadContext()
        {
            Thread = new Thread(() =>
            {
                SetSynchronizationContext(this);
                foreach (var (callback, state) in _queue.GetConsumingEnumerable())
                {
                    callback(state);
                }
            }) { IsBackground = true };
            Thread.Start();
        }

        public Thread Thread { get; }

        public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

        public Task<T> RunAsync<T>(Func<Task<T>> body)
        {
            var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(async _ =>
            {
                try
                {
                    result.SetResult(await body());
                }
                catch (Exception e)
                {
                    result.SetException(e);
                }
            }, null);
            return result.Task;
        }

        public void Dispose() => _queue.CompleteAdding();
    }

    /// <summary>Answers the one request it is sent, then fails its next receive synchronously.</summary>
    private sealed class AnswerThenFailTransport(bool tooLarge) : IQixTransport
    {
        private readonly TaskCompletionSource<int> _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<bool> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<bool> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _receives;

        public Task Sent => _sent.Task;

        public void ReleaseAnswer() => _release.TrySetResult(true);

        public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            using var request = JsonDocument.Parse(message);
            _sent.TrySetResult(request.RootElement.GetProperty("id").GetInt32());
            return default;
        }

        public async ValueTask<QixReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageSize, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _receives) == 1)
            {
                var id = await _sent.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                await _release.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                var answer = Encoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{\"qReturn\":\"answer\"}}}}");
                destination.Write(answer);
                return QixReceiveResult.Message(answer.Length);
            }

            if (Volatile.Read(ref _receives) == 2)
            {
                // Before any await: the receive the loop starts after the answer has already failed.
                throw tooLarge
                    ? new QixMessageTooLargeException(16, Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"OnHuge\""))
                    : new IOException("The connection dropped right after the answer.");
            }

            await _closed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return QixReceiveResult.Closed(1000, null);
        }

        public ValueTask CloseAsync(int closeCode, string? reason, CancellationToken cancellationToken)
        {
            _closed.TrySetResult(true);
            return default;
        }

        public ValueTask DisposeAsync() => default;
    }
}
