using System;
using System.Buffers;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Transport;

namespace QixGen.Testing.Hosting;

/// <summary>The server end of an accepted WebSocket as an <see cref="IQixTransport"/>: whole text messages.</summary>
internal sealed class ServerWebSocketTransport : IQixTransport
{
    private readonly WebSocket _socket;

    public ServerWebSocketTransport(WebSocket socket) => _socket = socket;

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    public async ValueTask<QixReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageSize, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var memory = destination.GetMemory(16 * 1024);
            var result = await _socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return QixReceiveResult.Closed((int?)_socket.CloseStatus, _socket.CloseStatusDescription);
            }

            total += result.Count;
            if (total > maxMessageSize)
            {
                throw new QixMessageTooLargeException(maxMessageSize);
            }

            destination.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return QixReceiveResult.Message(total);
            }
        }
    }

    public async ValueTask CloseAsync(int closeCode, string? reason, CancellationToken cancellationToken)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            // Answers the client's close, or starts the handshake when the simulator ends the session.
            await _socket.CloseAsync((WebSocketCloseStatus)closeCode, reason, timeout.Token).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return default;
    }
}
