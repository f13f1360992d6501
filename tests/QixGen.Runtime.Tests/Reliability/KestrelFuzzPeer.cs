using System;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>
/// The engine end of a Kestrel WebSocket (a real HTTP upgrade on 127.0.0.1), through the server's WebSocket API:
/// text, binary, fragmented and empty messages (the API sends no control frames on request; the raw peer does).
/// </summary>
internal sealed class KestrelFuzzPeer(ServerSocket socket) : IFuzzPeer
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the test is done with this connection (the server handler then returns).</summary>
    public Task Done => _done.Task;

    /// <summary>A server whose every connection is handed to the test as a peer, in connection order.</summary>
    public static Task<WebSocketTestServer> StartServerAsync(BlockingCollection<KestrelFuzzPeer> peers) =>
        WebSocketTestServer.StartAsync(async serverSocket =>
        {
            var peer = new KestrelFuzzPeer(serverSocket);
            peers.Add(peer);
            await peer.Done;
        });

    public async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
    {
        try
        {
            var text = await socket.ReceiveAsync(cancellationToken);
            if (text is null && socket.Socket.State == WebSocketState.CloseReceived)
            {
                // Answer the client's close, as an engine does (else the client waits out its close bound).
                await socket.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
            }

            if (text is null)
            {
                _done.TrySetResult(); // the handler returns and Kestrel closes TCP, as the client expects after a close
            }

            return text;
        }
        catch (Exception e) when (e is WebSocketException || e is ObjectDisposedException || e is InvalidOperationException)
        {
            return null;
        }
    }

    public async Task SendAsync(FuzzFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            var payload = frame.Payload;
            switch (frame.Shape)
            {
                case WireShape.Binary:
                    await socket.Socket.SendAsync(payload, WebSocketMessageType.Binary, true, cancellationToken);
                    break;
                case WireShape.Fragmented:
                case WireShape.FragmentedWithPings:
                    var size = Math.Max(1, (payload.Length + frame.Fragments - 1) / frame.Fragments);
                    for (var offset = 0; offset < payload.Length || offset == 0; offset += size)
                    {
                        var take = Math.Min(size, payload.Length - offset);
                        await socket.Socket.SendAsync(payload.AsMemory(offset, take), WebSocketMessageType.Text, offset + take >= payload.Length, cancellationToken);
                        if (payload.Length == 0) break;
                    }

                    break;
                case WireShape.EmptyTextBefore:
                    await socket.Socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, true, cancellationToken);
                    await socket.Socket.SendAsync(payload, WebSocketMessageType.Text, true, cancellationToken);
                    break;
                default:
                    await socket.Socket.SendAsync(payload, WebSocketMessageType.Text, true, cancellationToken);
                    break;
            }
        }
        catch (Exception e) when (e is WebSocketException || e is ObjectDisposedException || e is InvalidOperationException)
        {
            // The client dropped the connection (after a text message that is not UTF-8).
        }
    }

    public Task SendTextAsync(string text, CancellationToken cancellationToken) => SendAsync(new FuzzFrame(System.Text.Encoding.UTF8.GetBytes(text)), cancellationToken);

    public Task EndAsync(WireEnding ending, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _done.TrySetResult();
        return default;
    }
}
