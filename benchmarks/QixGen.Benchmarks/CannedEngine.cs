using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Benchmarks;

/// <summary>
/// A loopback engine that answers every request with the same pre-serialised result (only the id is spliced in),
/// so it is never the bottleneck: a raw TCP listener, a hand-read HTTP upgrade, then a server WebSocket over the
/// stream. One connection at a time is enough for the transport benchmarks.
/// </summary>
internal sealed class CannedEngine : IAsyncDisposable
{
    private static readonly byte[] s_connected = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":{\"qSessionState\":\"SESSION_CREATED\"}}");
    private readonly TcpListener _listener;
    private readonly byte[] _result;
    private readonly CancellationTokenSource _stop = new CancellationTokenSource();
    private readonly List<Task> _connections = new List<Task>();
    private readonly Task _accepting;

    public CannedEngine(byte[] result)
    {
        _result = result;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new Uri($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/app/engineData");
        _accepting = AcceptAsync();
    }

    public Uri Url { get; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                client.NoDelay = true;
                lock (_connections)
                {
                    _connections.Add(Task.Run(() => ServeAsync(client)));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var key = await ReadUpgradeKeyAsync(stream).ConfigureAwait(false);
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n")).ConfigureAwait(false);
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true });
        await socket.SendAsync(s_connected, WebSocketMessageType.Text, true, _stop.Token).ConfigureAwait(false);
        var request = new byte[64 * 1024];
        var answer = new byte[_result.Length + 64];
        var head = "{\"jsonrpc\":\"2.0\",\"result\":"u8;
        head.CopyTo(answer);
        _result.CopyTo(answer.AsSpan(head.Length));
        var idAt = head.Length + _result.Length;
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(request.AsMemory(), _stop.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                    return;
                }

                var id = Protocol.FrameParser.SniffId(request.AsSpan(0, received.Count)) ?? 0;
                var length = idAt;
                ",\"id\":"u8.CopyTo(answer.AsSpan(length));
                length += 6;
                id.TryFormat(answer.AsSpan(length), out var digits);
                length += digits;
                answer[length++] = (byte)'}';
                await socket.SendAsync(answer.AsMemory(0, length), WebSocketMessageType.Text, true, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException || e is WebSocketException || e is System.IO.IOException)
        {
        }
    }

    private static async Task<string> ReadUpgradeKeyAsync(NetworkStream stream)
    {
        // Byte by byte up to the blank line: the client sends nothing else before the 101.
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one).ConfigureAwait(false) == 0)
            {
                throw new System.IO.IOException("The client closed during the upgrade.");
            }

            text.Append((char)one[0]);
        }

        foreach (var line in text.ToString().Split("\r\n"))
        {
            if (line.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))
            {
                return line.Substring("Sec-WebSocket-Key:".Length).Trim();
            }
        }

        throw new System.IO.IOException("No Sec-WebSocket-Key in the upgrade request.");
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        Task[] connections;
        lock (_connections)
        {
            connections = _connections.ToArray();
        }

        await Task.WhenAll(connections).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }
}
