using System;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.WireBench.Clients;

/// <summary>
/// The .NET floor: a ClientWebSocket, one receive loop and one lock-serialised sender, doing only what any client
/// must: write the request, send it, receive the answer, parse it (JsonDocument) and complete the caller by id.
/// No delta, no typed decode.
/// </summary>
internal sealed class BareWebSocketClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new ClientWebSocket();
    private readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);
    private readonly PendingCalls _pending = new PendingCalls();
    private Task _receiveLoop = Task.CompletedTask;

    public static async Task<ClientResult> RunAsync(Scenario scenario, RunSettings settings, string url)
    {
        await using var client = new BareWebSocketClient();
        await client._socket.ConnectAsync(new Uri(url), CancellationToken.None).ConfigureAwait(false);
        client._receiveLoop = Task.Run(client.ReceiveLoopAsync);
        return await BareWorkload.RunAsync(scenario, settings, client.CallAsync).ConfigureAwait(false);
    }

    public async Task<JsonDocument> CallAsync(int handle, string method, string parameters)
    {
        var (id, answer) = _pending.Add(TaskCreationOptions.RunContinuationsAsynchronously);
        var buffer = BareWorkload.WriteRequest(id, handle, method, parameters);
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }

        return await answer.WaitAsync(TimeSpan.FromMinutes(2)).ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    if (length == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    received = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                    length += received.Count;
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                _pending.Complete(buffer.AsMemory(0, length));
            }
        }
        catch (Exception error)
        {
            _pending.FailAll(error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The engine went away first, or the connect failed (ClientWebSocket disposes itself then, and the
            // connect's own exception is the one to report): nothing left to close.
        }

        await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _socket.Dispose();
        _sendLock.Dispose();
    }
}
