using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Cli.Tests;

/// <summary>
/// A one-connection WebSocket engine on 127.0.0.1 that records the upgrade request (target and headers), greets
/// with OnConnected and answers every call with <c>{"qComponentVersion":"loopback"}</c>: enough for <c>qixgen call</c>
/// to show which URL and headers its connection options produce.
/// </summary>
internal sealed class LoopbackEngine : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(90));
    private readonly Task _serving;

    public LoopbackEngine()
    {
        _listener.Start();
        _serving = ServeAsync(_stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The request target of the upgrade (path and query).</summary>
    public string? Target { get; private set; }

    /// <summary>The upgrade request's headers (names lower-cased).</summary>
    public Dictionary<string, string> Headers { get; } = new();

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
        var stream = client.GetStream();
        var request = new StringBuilder();
        var one = new byte[1];
        while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, cancellationToken) == 1)
        {
            request.Append((char)one[0]);
        }

        var lines = request.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Target = lines[0].Split(' ')[1];
        foreach (var line in lines[1..])
        {
            var colon = line.IndexOf(':');
            Headers[line.Substring(0, colon).Trim().ToLowerInvariant()] = line.Substring(colon + 1).Trim();
        }

        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(Headers["sec-websocket-key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), cancellationToken);
        using var socket = WebSocket.CreateFromStream(stream, isServer: true, subProtocol: null, keepAliveInterval: TimeSpan.Zero);
        await SendAsync(socket, """{"jsonrpc":"2.0","method":"OnConnected","params":{"qSessionState":"SESSION_CREATED"}}""", cancellationToken);
        var buffer = new byte[1 << 16];
        while (socket.State == WebSocketState.Open)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                break;
            }

            using var call = JsonDocument.Parse(buffer.AsMemory(0, received.Count));
            var id = call.RootElement.GetProperty("id").GetRawText();
            await SendAsync(socket, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"qComponentVersion\":\"loopback\"}}", cancellationToken);
        }
    }

    private static Task SendAsync(WebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or WebSocketException or ObjectDisposedException or System.IO.IOException)
        {
            // the client went away or the test ended: nothing left to serve
        }

        _stop.Dispose();
    }
}
