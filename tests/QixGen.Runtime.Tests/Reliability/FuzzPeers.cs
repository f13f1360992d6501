using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Transport;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>The engine end of a fuzzed connection: reads the session's requests, sends whatever the script says.</summary>
internal interface IFuzzPeer : IAsyncDisposable
{
    /// <summary>The next request's text, or null once the session closed the connection.</summary>
    Task<string?> ReceiveTextAsync(CancellationToken cancellationToken);

    Task SendAsync(FuzzFrame frame, CancellationToken cancellationToken);

    Task SendTextAsync(string text, CancellationToken cancellationToken);

    /// <summary>Ends the connection the way the script says (a protocol breach or an odd close); WebSocket only.</summary>
    Task EndAsync(WireEnding ending, CancellationToken cancellationToken);
}

/// <summary>The engine end of an in-memory pair.</summary>
internal sealed class InMemoryFuzzPeer(InMemoryTransport server) : IFuzzPeer
{
    public async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var result = await server.ReceiveAsync(buffer, int.MaxValue, cancellationToken);
        return result.IsClosed ? null : Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public async Task SendAsync(FuzzFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await server.SendAsync(frame.Payload, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // The session closed the pair already.
        }
    }

    public Task SendTextAsync(string text, CancellationToken cancellationToken) => SendAsync(new FuzzFrame(Encoding.UTF8.GetBytes(text)), cancellationToken);

    public Task EndAsync(WireEnding ending, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => server.DisposeAsync();
}

/// <summary>
/// The engine end of a real WebSocket over TCP on 127.0.0.1, written frame by frame (RFC 6455) so a script can
/// send binary, fragmented, empty and control frames, and breach the protocol. The client end is the runtime's
/// <see cref="WebSocketTransport"/> over the framework's WebSocket on the same connection (no HTTP upgrade: the
/// receive path is what is fuzzed).
/// </summary>
internal sealed class RawWebSocketPeer : IFuzzPeer
{
    private readonly TcpClient _server;
    private readonly Stream _stream;

    private RawWebSocketPeer(TcpClient server)
    {
        _server = server;
        _stream = server.GetStream();
    }

    /// <summary>Connects a client WebSocket transport to a new raw peer through <paramref name="listener"/>.</summary>
    public static async Task<(IQixTransport Client, RawWebSocketPeer Peer, TcpClient ClientSocket)> ConnectAsync(TcpListener listener)
    {
        var client = new TcpClient { NoDelay = true };
        var accept = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await accept;
        server.NoDelay = true;
        var socket = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        return (new WebSocketTransport(socket), new RawWebSocketPeer(server), client);
    }

    public async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
    {
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var header = new byte[2];
                await _stream.ReadExactlyAsync(header, cancellationToken);
                var fin = (header[0] & 0x80) != 0;
                var opcode = header[0] & 0x0F;
                long length = header[1] & 0x7F;
                if (length == 126)
                {
                    var ext = new byte[2];
                    await _stream.ReadExactlyAsync(ext, cancellationToken);
                    length = BinaryPrimitives.ReadUInt16BigEndian(ext);
                }
                else if (length == 127)
                {
                    var ext = new byte[8];
                    await _stream.ReadExactlyAsync(ext, cancellationToken);
                    length = (long)BinaryPrimitives.ReadUInt64BigEndian(ext);
                }

                var mask = new byte[4];
                if ((header[1] & 0x80) != 0)
                {
                    await _stream.ReadExactlyAsync(mask, cancellationToken);
                }

                var payload = new byte[length];
                await _stream.ReadExactlyAsync(payload, cancellationToken);
                for (var i = 0; i < payload.Length; i++)
                {
                    payload[i] ^= mask[i % 4];
                }

                switch (opcode)
                {
                    case 0x8: // the client closes: answer its close and stop
                        await WriteFrameAsync(true, 0x8, payload.Length >= 2 ? payload[..2] : [], cancellationToken: cancellationToken);
                        // As a server does after the handshake: close TCP, or the client waits a second for it.
                        _server.Client.Shutdown(SocketShutdown.Send);
                        return null;
                    case 0x9: // ping: pong
                        await WriteFrameAsync(true, 0xA, payload, cancellationToken: cancellationToken);
                        continue;
                    case 0xA:
                        continue;
                    default:
                        message.Write(payload);
                        if (fin)
                        {
                            return Encoding.UTF8.GetString(message.ToArray());
                        }

                        continue;
                }
            }
        }
        catch (Exception e) when (e is IOException || e is EndOfStreamException || e is ObjectDisposedException || e is SocketException)
        {
            return null; // the client dropped the connection (after a protocol breach, or disposed)
        }
    }

    public async Task SendAsync(FuzzFrame frame, CancellationToken cancellationToken)
    {
        var payload = frame.Payload;
        try
        {
            switch (frame.Shape)
            {
                case WireShape.Binary:
                    await WriteFrameAsync(true, 0x2, payload, cancellationToken: cancellationToken);
                    break;
                case WireShape.Fragmented:
                case WireShape.FragmentedWithPings:
                    var pieces = Math.Max(1, Math.Min(frame.Fragments, payload.Length));
                    var size = (payload.Length + pieces - 1) / Math.Max(1, pieces);
                    var offset = 0;
                    var first = true;
                    do
                    {
                        var take = Math.Min(size, payload.Length - offset);
                        var last = offset + take >= payload.Length;
                        await WriteFrameAsync(last, first ? 0x1 : 0x0, payload[offset..(offset + take)], cancellationToken: cancellationToken);
                        if (frame.Shape == WireShape.FragmentedWithPings && !last)
                        {
                            // Control frames may come between the fragments of a message.
                            await WriteFrameAsync(true, 0x9, "ping"u8.ToArray(), cancellationToken: cancellationToken);
                            await WriteFrameAsync(true, 0xA, [], cancellationToken: cancellationToken);
                        }

                        offset += take;
                        first = false;
                    }
                    while (offset < payload.Length);
                    break;
                case WireShape.PingBefore:
                    await WriteFrameAsync(true, 0x9, payload.Length <= 125 ? payload : payload[..125], cancellationToken: cancellationToken);
                    await WriteFrameAsync(true, 0x1, payload, cancellationToken: cancellationToken);
                    break;
                case WireShape.PongBefore:
                    await WriteFrameAsync(true, 0xA, [1, 2, 3], cancellationToken: cancellationToken);
                    await WriteFrameAsync(true, 0x1, payload, cancellationToken: cancellationToken);
                    break;
                case WireShape.EmptyTextBefore:
                    await WriteFrameAsync(true, 0x1, [], cancellationToken: cancellationToken);
                    await WriteFrameAsync(true, 0x1, payload, cancellationToken: cancellationToken);
                    break;
                default:
                    await WriteFrameAsync(true, 0x1, payload, cancellationToken: cancellationToken);
                    break;
            }
        }
        catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is SocketException)
        {
            // The client dropped the connection (it may, after invalid UTF-8 in a text message).
        }
    }

    public Task SendTextAsync(string text, CancellationToken cancellationToken) => SendAsync(new FuzzFrame(Encoding.UTF8.GetBytes(text)), cancellationToken);

    public async Task EndAsync(WireEnding ending, CancellationToken cancellationToken)
    {
        try
        {
            switch (ending)
            {
                case WireEnding.ReservedOpcode:
                    await WriteFrameAsync(true, 0x3, "x"u8.ToArray(), cancellationToken: cancellationToken);
                    break;
                case WireEnding.ReservedBits:
                    await WriteFrameAsync(true, 0x1, "{}"u8.ToArray(), rsv: 0x70, cancellationToken: cancellationToken);
                    break;
                case WireEnding.MaskedServerFrame:
                    await WriteFrameAsync(true, 0x1, "{}"u8.ToArray(), masked: true, cancellationToken: cancellationToken);
                    break;
                case WireEnding.OversizedControlFrame:
                    await WriteFrameAsync(true, 0x9, new byte[200], cancellationToken: cancellationToken);
                    break;
                case WireEnding.ContinuationWithoutStart:
                    await WriteFrameAsync(true, 0x0, "{}"u8.ToArray(), cancellationToken: cancellationToken);
                    break;
                case WireEnding.CloseWithOddReason:
                    // Code 4999 and a reason that is not UTF-8.
                    await WriteFrameAsync(true, 0x8, [0x13, 0x87, 0xFF, 0xFE, (byte)'x'], cancellationToken: cancellationToken);
                    break;
            }
        }
        catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is SocketException)
        {
        }
    }

    private async Task WriteFrameAsync(bool fin, int opcode, byte[] payload, int rsv = 0, bool masked = false, CancellationToken cancellationToken = default)
    {
        var header = new MemoryStream();
        header.WriteByte((byte)((fin ? 0x80 : 0) | rsv | opcode));
        var maskBit = masked ? 0x80 : 0;
        if (payload.Length < 126)
        {
            header.WriteByte((byte)(maskBit | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header.WriteByte((byte)(maskBit | 126));
            header.WriteByte((byte)(payload.Length >> 8));
            header.WriteByte((byte)payload.Length);
        }
        else
        {
            header.WriteByte((byte)(maskBit | 127));
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            header.Write(length);
        }

        if (masked)
        {
            header.Write([0, 0, 0, 0]);
        }

        header.Write(payload);
        await _stream.WriteAsync(header.ToArray(), cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _server.Dispose();
        return default;
    }
}
