using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Session;
using QixGen.Transport;
using Xunit;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>CallTimeout, CloseTimeout and ResumeTimeout: typed failures, CancelRequest, quiet late answers, bounded dispose and resume.</summary>
public sealed class TimeoutTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_call_past_CallTimeout_fails_typed_sends_CancelRequest_and_its_late_answer_is_dropped_quietly()
    {
        var silentIds = new ConcurrentQueue<int>();
        var cancelled = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (session, engine) = ScriptedEngine.Start((request, _) =>
        {
            switch (request.GetProperty("method").GetString())
            {
                case "Silent":
                    silentIds.Enqueue(request.GetProperty("id").GetInt32());
                    return null;
                case "CancelRequest":
                    cancelled.TrySetResult(request.GetProperty("params")[0].GetInt32());
                    return null; // the engine need not answer CancelRequest: nothing may wait for it
                default:
                    return EchoCalls.Echo(request);
            }
        }, new QixSessionOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });
        await using (engine)
        await using (session)
        {
            var protocolErrors = 0;
            session.ProtocolError += (_, _) => Interlocked.Increment(ref protocolErrors);

            var error = await Assert.ThrowsAsync<QixTimeoutException>(() => EchoCalls.Call(session, "Silent", "x").WaitAsync(Bound));
            Assert.Equal("Silent", error.Operation);
            Assert.Equal(TimeSpan.FromMilliseconds(300), error.Timeout);
            Assert.True(silentIds.TryPeek(out var silentId));
            Assert.Equal(silentId, await cancelled.Task.WaitAsync(Bound));

            // The late answer comes; it is dropped without a protocol error, and the session goes on.
            await engine.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{silentId},\"result\":{{\"qReturn\":\"late\"}}}}");
            Assert.Equal("next", await EchoCalls.Call(session, "Echo", "next").WaitAsync(Bound));
            Assert.Equal(0, protocolErrors);
            Assert.Equal(0, session.PendingCallCount);
            Assert.True(session.IsOpen);
        }
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation_with_CallTimeout_set()
    {
        var (session, engine) = ScriptedEngine.Start((request, _) => null, new QixSessionOptions { CallTimeout = TimeSpan.FromMinutes(10) });
        await using (engine)
        await using (session)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EchoCalls.Call(session, "Silent", "x", cts.Token).WaitAsync(Bound));
        }
    }

    [Fact]
    public async Task Dispose_is_bounded_by_CloseTimeout_and_never_throws_even_when_the_transport_hangs_and_throws()
    {
        var transport = new StuckTransport();
        var session = QixSession.Start(transport, new QixSessionOptions { CloseTimeout = TimeSpan.FromMilliseconds(200) });
        var pending = EchoCalls.Call(session, "Any", "x");
        await transport.Sent.Task.WaitAsync(Bound);

        await session.DisposeAsync().AsTask().WaitAsync(Bound); // neither hangs nor throws
        await Assert.ThrowsAsync<QixSessionDisposedException>(() => pending.WaitAsync(Bound));
        Assert.False(session.IsOpen);
        Assert.True(transport.DisposeCalled);
    }

    [Fact]
    public async Task A_resume_past_ResumeTimeout_fails_typed_and_leaves_the_session_suspended()
    {
        var connections = 0;
        var options = new QixSessionOptions
        {
            ResumeTimeout = TimeSpan.FromMilliseconds(300),
            CloseTimeout = TimeSpan.FromMilliseconds(200), // the stuck transport never completes a close
            TransportFactory = (_, _) =>
            {
                // The first connection is a working engine; the reconnect never sends OnConnected.
                if (Interlocked.Increment(ref connections) == 1)
                {
                    var (client, engine) = ScriptedEngine.StartEngine((request, _) => EchoCalls.Echo(request));
                    return new ValueTask<IQixTransport>(client);
                }

                return new ValueTask<IQixTransport>(new StuckTransport());
            },
        };
        await using var session = await QixSession.OpenAsync(options);
        Assert.Equal("x", await EchoCalls.Call(session, "Echo", "x").WaitAsync(Bound));
        await session.SuspendAsync().WaitAsync(Bound);

        var error = await Assert.ThrowsAsync<QixTimeoutException>(() => session.ResumeAsync().WaitAsync(Bound));
        Assert.Equal("resume", error.Operation);
        Assert.True(session.IsSuspended);
        await Assert.ThrowsAsync<QixSuspendedException>(() => EchoCalls.Call(session, "Echo", "y").WaitAsync(Bound));
    }

    /// <summary>A transport that accepts sends, never receives, ignores cancellation on close, and throws on dispose.</summary>
    private sealed class StuckTransport : IQixTransport
    {
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool DisposeCalled { get; private set; }

        public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            Sent.TrySetResult();
            return default;
        }

        public async ValueTask<QixReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageSize, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public ValueTask CloseAsync(int closeCode, string? reason, CancellationToken cancellationToken) =>
            new(Task.Delay(Timeout.Infinite, CancellationToken.None)); // never completes, ignores the token

        public ValueTask DisposeAsync()
        {
            DisposeCalled = true;
            throw new InvalidOperationException("dispose failed");
        }
    }
}
