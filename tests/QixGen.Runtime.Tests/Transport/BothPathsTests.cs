using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests.Transport;

/// <summary>The same session behaviour on the direct path and on ClientWebSocket, against Kestrel.</summary>
public sealed class BothPathsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static async Task EchoEngine(ServerSocket socket)
    {
        await socket.SendConnectedAsync();
        while (await socket.ReceiveAsync() is { } frame)
        {
            using var request = JsonDocument.Parse(frame);
            await socket.SendAsync(EchoCalls.Echo(request.RootElement));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(false, true)]
    public async Task Two_hundred_calls_from_four_threads_each_get_their_own_answer(bool useClientWebSocket, bool receiveThread = false)
    {
        await using var server = await WebSocketTestServer.StartAsync(EchoEngine);
        await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = server.Url, UseClientWebSocket = useClientWebSocket, ReceiveMode = receiveThread ? QixReceiveMode.DedicatedThread : QixReceiveMode.ThreadPool }, Bound);
        var calls = new List<Task<string>>();
        var starts = new Task[4];
        for (var t = 0; t < starts.Length; t++)
        {
            var thread = t;
            starts[t] = Task.Run(() =>
            {
                for (var i = 0; i < 50; i++)
                {
                    var sent = $"{thread}:{i}";
                    var call = EchoCalls.Call(session, "Echo", sent);
                    lock (calls)
                    {
                        calls.Add(call.ContinueWith(c => c.Result == sent ? "ok" : $"{sent} got {c.Result}", TaskScheduler.Default));
                    }
                }
            });
        }

        await Task.WhenAll(starts).WaitAsync(Bound);
        var results = await Task.WhenAll(calls).WaitAsync(Bound);
        Assert.All(results, r => Assert.Equal("ok", r));
        Assert.Equal(200, results.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(false, true)]
    public async Task A_server_close_reaches_Closed_with_its_code_and_fails_pending_calls(bool useClientWebSocket, bool receiveThread = false)
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await WebSocketTestServer.StartAsync(async socket =>
        {
            await socket.SendConnectedAsync();
            await socket.ReceiveAsync();
            received.TrySetResult();
            await socket.Socket.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "engine going away", CancellationToken.None);
        });
        await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = server.Url, UseClientWebSocket = useClientWebSocket, ReceiveMode = receiveThread ? QixReceiveMode.DedicatedThread : QixReceiveMode.ThreadPool }, Bound);
        var closed = new TaskCompletionSource<QixSessionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Closed += (_, e) => closed.TrySetResult(e);

        var pending = EchoCalls.Call(session, "Echo", "never");
        await received.Task.WaitAsync(Bound);
        var error = await Assert.ThrowsAsync<QixSessionClosedException>(() => pending.WaitAsync(Bound));
        Assert.Equal(1001, error.CloseCode);
        Assert.Equal(1001, (await closed.Task.WaitAsync(Bound)).CloseCode);
    }
}
