using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using QixGen.Errors;
using QixGen.Protocol;
using QixGen.Session;
using QixGen.Transport;
using Xunit;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>One test per kind of receive-path fault the issue found: each is contained, typed, and the loop goes on.</summary>
public sealed class ReceivePathTests
{
    /// <summary>"It did not hang", not "it was fast".</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static Task<string> Call(QixSession session, string method, string argument) => EchoCalls.Call(session, method, argument);

    /// <summary>An engine that echoes, except "Hold" requests (kept for the test to answer with a hostile frame).</summary>
    private static (QixSession Session, ScriptedEngine Engine, ConcurrentQueue<int> Held) Start(QixSessionOptions? options = null)
    {
        var held = new ConcurrentQueue<int>();
        var (session, engine) = ScriptedEngine.Start((request, _) =>
        {
            if (request.GetProperty("method").GetString() == "Hold")
            {
                held.Enqueue(request.GetProperty("id").GetInt32());
                return null;
            }

            return EchoCalls.Echo(request);
        }, options);
        return (session, engine, held);
    }

    private static async Task<int> HeldIdAsync(ConcurrentQueue<int> held)
    {
        using var bound = new CancellationTokenSource(Bound);
        int id;
        while (!held.TryDequeue(out id))
        {
            await Task.Delay(5, bound.Token);
        }

        return id;
    }

    [Fact]
    public async Task OnConnected_with_a_number_for_qSessionState_does_not_stop_the_loop()
    {
        var (session, engine, held) = Start();
        await using (engine)
        await using (session)
        {
            var pending = Call(session, "Hold", "pending");
            var id = await HeldIdAsync(held);
            // The issue's example: a number where a string is expected used to kill the receive loop.
            await engine.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":{\"qSessionState\":1}}");
            Assert.Equal(QixSessionState.Other, await session.WaitForConnectedAsync(Bound));
            await engine.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{\"qReturn\":\"answered\"}}}}");
            Assert.Equal("answered", await pending.WaitAsync(Bound));
            Assert.Equal("later", await Call(session, "Echo", "later").WaitAsync(Bound));
            Assert.True(session.IsOpen);
        }
    }

    [Theory]
    // Engine errors with fields of the wrong type: the call fails as an engine error, nothing else is touched.
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":@ID,\"error\":{\"code\":\"x\",\"message\":5,\"parameter\":[1]}}", typeof(QixEngineException))]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":@ID,\"error\":\"not an object\"}", typeof(QixEngineException))]
    // Text that is not UTF-8, and a lone surrogate, where the parser reads a string: a malformed frame naming its call.
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":@ID,\"error\":{\"code\":1,\"message\":\"\\ud800\"}}", typeof(QixProtocolException))]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":@ID,\"method\":\"\\udc00\",\"result\":{}}", typeof(QixProtocolException))]
    // A result of the wrong type for the reader.
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":@ID,\"result\":{\"qReturn\":12}}", typeof(QixProtocolException))]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":@ID,\"result\":{\"qReturn\":\"\\ud800\"}}", typeof(QixProtocolException))]
    // Delta patches that are not patches, or do not apply.
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":@ID,\"delta\":true,\"result\":{\"qReturn\":[{\"op\":5,\"path\":[]}]}}", typeof(QixProtocolException))]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":@ID,\"delta\":true,\"result\":{\"qReturn\":[{\"op\":\"add\",\"path\":\"/a/b\",\"value\":1}]}}", typeof(QixProtocolException))]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":@ID,\"delta\":true,\"result\":[1]}", typeof(QixProtocolException))]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":@ID,\"delta\":true,\"result\":{\"\\ud800\":[]}}", typeof(QixProtocolException))]
    // Broken JSON that still names its call.
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":@ID,\"result\":{\"qReturn\": tru", typeof(QixProtocolException))]
    public async Task A_hostile_answer_fails_only_its_call_typed_and_the_loop_goes_on(string frame, Type expected)
    {
        var (session, engine, held) = Start();
        await using (engine)
        await using (session)
        {
            var bystander = Call(session, "Hold", "bystander");
            var bystanderId = await HeldIdAsync(held);
            var victim = Call(session, "Hold", "victim");
            var victimId = await HeldIdAsync(held);

            await engine.SendAsync(frame.Replace("@ID", victimId.ToString()));
            var error = await Assert.ThrowsAnyAsync<QixException>(() => victim.WaitAsync(Bound));
            Assert.IsType(expected, error, exactMatch: false);

            await engine.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{bystanderId},\"result\":{{\"qReturn\":\"fine\"}}}}");
            Assert.Equal("fine", await bystander.WaitAsync(Bound));
            Assert.Equal("next", await Call(session, "Echo", "next").WaitAsync(Bound));
            Assert.True(session.IsOpen);
            Assert.Equal(0, session.PendingCallCount);
        }
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":{\"qSessionState\":\"\\ud800\"}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":5,\"params\":[]}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":2147483648,\"result\":{}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1e400,\"result\":{}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"error\":{}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"change\":[\"x\",2147483648,[1]],\"close\":{},\"suspend\":null}")]
    [InlineData("[1,2,3]")]
    [InlineData("")]
    // Broken frames whose only "id" is not the frame's own (in a member before the break): they name no call, so
    // the pending call with that id is not failed (it was, when the first "id" in the bytes was taken).
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"OnObjectChanged\",\"params\":{\"id\":@ID,\"v\": xyz}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"result\":{\"qInfo\":{\"id\":@ID}},\"close\": nul")]
    public async Task A_hostile_frame_that_names_no_call_fails_nothing_and_the_loop_goes_on(string frame)
    {
        var (session, engine, held) = Start();
        await using (engine)
        await using (session)
        {
            var pending = Call(session, "Hold", "pending");
            var id = await HeldIdAsync(held);
            await engine.SendAsync(frame.Replace("@ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await engine.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{\"qReturn\":\"ok\"}}}}");
            Assert.Equal("ok", await pending.WaitAsync(Bound));
            Assert.True(session.IsOpen);
        }
    }

    [Fact]
    public async Task A_fault_in_the_sessions_own_dispatch_code_closes_the_session_visibly_with_1011()
    {
        // A logger that throws while the loop logs a received frame stands for a bug in the dispatch code: the loop
        // must not die silently with the calls waiting.
        var options = new QixSessionOptions { Logger = new ThrowingLogger() };
        var (session, engine, held) = Start(options);
        await using (engine)
        {
            var closed = new TaskCompletionSource<QixSessionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            session.Closed += (_, e) => closed.TrySetResult(e);
            var pending = Call(session, "Hold", "pending");
            await HeldIdAsync(held);
            await engine.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"OnSomething\",\"params\":{}}");

            var args = await closed.Task.WaitAsync(Bound);
            Assert.Equal(QixSession.InternalErrorCloseCode, args.CloseCode);
            Assert.False(string.IsNullOrEmpty(args.CloseReason));
            var error = await Assert.ThrowsAsync<QixSessionClosedException>(() => pending.WaitAsync(Bound));
            Assert.Equal(1011, error.CloseCode);
            Assert.False(session.IsOpen);
            Assert.Equal(0, session.PendingCallCount);
            await Assert.ThrowsAsync<QixSessionClosedException>(() => Call(session, "Echo", "after").WaitAsync(Bound));
            // The engine is told too.
            Assert.Equal(1011, await engine.Closed.Task.WaitAsync(Bound));
            await session.DisposeAsync().AsTask().WaitAsync(Bound); // never throws
        }
    }

    private sealed class ThrowingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (logLevel == LogLevel.Trace && text.StartsWith("Received", StringComparison.Ordinal) && text.Contains("OnSomething"))
            {
                throw new InvalidOperationException("a bug in the receive path");
            }
        }
    }
}
