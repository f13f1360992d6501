using System;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Testing.Hosting;
using QixGen.Testing.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Testing.Tests;

/// <summary>The Kestrel WebSocket server: loopback only, any path, raw JSON frames from ClientWebSocket.</summary>
public sealed class WebSocketServerTests
{
    private readonly ITestOutputHelper _output;

    public WebSocketServerTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task ServesRawFramesOnLoopback()
    {
        await using var engine = new QixEngineSimulator();
        engine.AddApp(TestApps.Sales());
        var watch = Stopwatch.StartNew();
        var uri = await engine.StartWebSocketServerAsync(port: 0);
        watch.Stop();
        _output.WriteLine($"WebSocket server started in {watch.Elapsed.TotalMilliseconds:F1} ms at {uri}");
        Assert.Equal("127.0.0.1", uri.Host);
        Assert.True(uri.Port > 0);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "startup is a sanity bound only");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(uri, "app/Sales.qvf"), timeout.Token);
        var connected = await ReceiveAsync(socket, timeout.Token);
        Assert.Equal("OnConnected", connected["method"]!.GetValue<string>());

        await SendAsync(socket, """{"jsonrpc":"2.0","id":1,"method":"OpenDoc","handle":-1,"params":["Sales.qvf"]}""", timeout.Token);
        var opened = await ReceiveAsync(socket, timeout.Token);
        Assert.Equal(1, opened["result"]!["qReturn"]!["qHandle"]!.GetValue<int>());

        await SendAsync(socket, """{"jsonrpc":"2.0","id":2,"method":"Evaluate","handle":1,"params":{"qExpression":"Sum(Amount)"}}""", timeout.Token);
        Assert.Equal("83", (await ReceiveAsync(socket, timeout.Token))["result"]!["qReturn"]!.GetValue<string>());

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task ManySessionsAtOnceOverEngineDataPath()
    {
        await using var engine = new QixEngineSimulator();
        var uri = await engine.StartWebSocketServerAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var sockets = new ClientWebSocket[3];
        for (var i = 0; i < sockets.Length; i++)
        {
            sockets[i] = new ClientWebSocket();
            await sockets[i].ConnectAsync(new Uri(uri, "app/engineData"), timeout.Token);
            await ReceiveAsync(sockets[i], timeout.Token);
            await SendAsync(sockets[i], """{"jsonrpc":"2.0","id":1,"method":"CreateSessionApp","handle":-1,"params":[]}""", timeout.Token);
            Assert.Equal(1, (await ReceiveAsync(sockets[i], timeout.Token))["result"]!["qReturn"]!["qHandle"]!.GetValue<int>()); // handles count per session
        }

        Assert.Equal(3, engine.ActiveSessionCount);
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }

    private static Task SendAsync(ClientWebSocket socket, string json, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, cancellationToken);

    private static async Task<JsonObject> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(buffer.AsSpan(0, length))!.AsObject();
            }
        }
    }
}
