using System;
using System.Threading.Tasks;
using Qix;
using QixGen.Errors;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests.Connecting;

/// <summary>After the socket is gone (drop, server close, Dispose), every call says the session closed, with its code.</summary>
public sealed class SessionGoneTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static async Task WaitClosedAsync(QixSession session)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Closed += (_, _) => closed.TrySetResult();
        if (session.IsOpen)
        {
            await closed.Task.WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task After_a_server_close_calls_on_held_proxies_fail_with_the_close_code()
    {
        var (session, engine) = ScriptedEngine.Start((request, _) => ScriptedEngine.Result(request, "{\"qVersion\":{\"qComponentVersion\":\"1\"}}"));
        await using (engine)
        await using (session)
        {
            var global = QixApi.GetGlobal(session);
            await global.EngineVersionAsync().WaitAsync(Bound);
            var waiting = WaitClosedAsync(session);
            await engine.CloseAsync(4711, "engine shutting down");
            await waiting;

            var error = await Assert.ThrowsAsync<QixSessionClosedException>(() => global.EngineVersionAsync());
            Assert.Equal(4711, error.CloseCode);
            Assert.Equal("engine shutting down", error.CloseReason);
            Assert.True(global.IsClosed);
            // A proxy obtained afresh says the same.
            Assert.Equal(4711, (await Assert.ThrowsAsync<QixSessionClosedException>(() => QixApi.GetGlobal(session).EngineVersionAsync())).CloseCode);
        }
    }

    [Fact]
    public async Task After_Dispose_calls_on_held_proxies_fail_with_the_disposed_exception()
    {
        var (session, engine) = ScriptedEngine.Start((request, _) => ScriptedEngine.Result(request, "{\"qVersion\":{\"qComponentVersion\":\"1\"}}"));
        await using (engine)
        {
            var global = QixApi.GetGlobal(session);
            await global.EngineVersionAsync().WaitAsync(Bound);
            await session.DisposeAsync();

            var error = await Assert.ThrowsAsync<QixSessionDisposedException>(() => global.EngineVersionAsync());
            Assert.Equal(1000, error.CloseCode);
        }
    }

    [Fact]
    public async Task After_a_drop_calls_on_held_proxies_fail_with_code_1006()
    {
        await using var server = await WebSocketTestServer.StartAsync(async socket =>
        {
            var request = await socket.ReceiveAsync();
            var id = System.Text.Json.JsonDocument.Parse(request!).RootElement.GetProperty("id").GetInt32();
            await socket.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{\"qVersion\":{{\"qComponentVersion\":\"1\"}}}}}}");
            await socket.ReceiveAsync(); // the next frame never comes: the test drops the socket first
        });
        await using var session = await QixSession.OpenAsync(new QixSessionOptions { Url = server.Url });
        var global = QixApi.GetGlobal(session);
        await global.EngineVersionAsync().WaitAsync(Bound);
        var waiting = WaitClosedAsync(session);
        server.LastContext!.Abort(); // no close handshake
        await waiting;

        var error = await Assert.ThrowsAsync<QixSessionClosedException>(() => global.EngineVersionAsync());
        Assert.Equal(1006, error.CloseCode);
        Assert.IsNotType<QixSessionDisposedException>(error);
    }
}
