using System;
using System.Buffers.Binary;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Runtime.Tests;

/// <summary>
/// A loopback server that speaks RFC 6455 by hand: it reads the client's upgrade, answers it (or not) exactly as a
/// test says, and writes and reads frames byte for byte, so fragmentation, control frames, masking, length forms and
/// garbage can be put on the wire on purpose.
/// </summary>
internal sealed class RawWebSocketServer : IDisposable
{
    private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);

    public RawWebSocketServer()
    {
        _listener.Start();
        Url = new Uri($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/app/engineData");
    }

    public Uri Url { get; }

    public async Task<RawWebSocketPeer> AcceptAsync(CancellationToken cancellationToken)
    {
        var client = await _listener.AcceptTcpClientAsync(cancellationToken);
        client.NoDelay = true;
        return new RawWebSocketPeer(client);
    }

    /// <summary>
    /// Opens a session on this server (the options' Url is set to it): accepts the connection, upgrades it with
    /// OnConnected in the same write, and waits until the session has seen OnConnected.
    /// </summary>
    public async Task<(QixGen.Session.QixSession Session, RawWebSocketPeer Peer)> ConnectSessionAsync(QixGen.Session.QixSessionOptions? options, TimeSpan bound)
    {
        options ??= new QixGen.Session.QixSessionOptions();
        options.Url = Url;
        using var cancel = new CancellationTokenSource(bound);
        var accepted = AcceptAsync(cancel.Token);
        var connecting = QixGen.Session.QixSession.OpenAsync(options, cancel.Token);
        var peer = await accepted;
        await peer.UpgradeAsync(sameWrite: RawWebSocketPeer.Frame(RawWebSocketPeer.Text, Encoding.UTF8.GetBytes(RawWebSocketPeer.Connected)));
        var session = await connecting.WaitAsync(bound);
        await session.WaitForConnectedAsync(bound);
        return (session, peer);
    }

    public void Dispose() => _listener.Stop();
}

internal sealed class RawWebSocketPeer : IDisposable
{
    public const byte Continuation = 0x0, Text = 0x1, Close = 0x8, Ping = 0x9, Pong = 0xA;
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    public RawWebSocketPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>The upgrade request as text (request line and headers).</summary>
    public string Request { get; private set; } = "";

    /// <summary>Reads the client's upgrade request up to its blank line.</summary>
    public async Task<string> ReadRequestAsync()
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await _stream.ReadAsync(one) == 0)
            {
                throw new EndOfStreamException("The client closed during the upgrade.");
            }

            text.Append((char)one[0]);
        }

        Request = text.ToString();
        return Request;
    }

    /// <summary>Reads the request and answers 101 with the right accept key (and <paramref name="extraHeaders"/>); then may send more bytes in the same write.</summary>
    public async Task UpgradeAsync(string extraHeaders = "", byte[]? sameWrite = null)
    {
        await ReadRequestAsync();
        await AnswerUpgradeAsync(extraHeaders, sameWrite);
    }

    /// <summary>Answers the upgrade request already read (<see cref="ReadRequestAsync"/>) as <see cref="UpgradeAsync"/> does.</summary>
    public async Task AnswerUpgradeAsync(string extraHeaders = "", byte[]? sameWrite = null)
    {
        var key = Header("Sec-WebSocket-Key");
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n{extraHeaders}\r\n");
        await WriteRawAsync(sameWrite is null ? answer : [.. answer, .. sameWrite]);
    }

    /// <summary>Bytes the client sent that this peer has not read yet (the kernel's receive queue).</summary>
    public int Available => _client.Available;

    public string Header(string name)
    {
        foreach (var line in Request.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line.Substring(name.Length + 1).Trim();
            }
        }

        return "";
    }

    public async Task WriteRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>One server frame (unmasked), with the shortest length form unless <paramref name="lengthForm"/> forces 126 or 127.</summary>
    public static byte[] Frame(byte opcode, ReadOnlySpan<byte> payload, bool fin = true, int lengthForm = 0, byte reserved = 0)
    {
        var form = lengthForm != 0 ? lengthForm : payload.Length < 126 ? payload.Length : payload.Length <= ushort.MaxValue ? 126 : 127;
        var header = form == 126 ? 4 : form == 127 ? 10 : 2;
        var frame = new byte[header + payload.Length];
        frame[0] = (byte)((fin ? 0x80 : 0) | (reserved << 4) | opcode);
        frame[1] = (byte)(form < 126 ? payload.Length : form);
        if (form == 126)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
        }
        else if (form == 127)
        {
            BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)payload.Length);
        }

        payload.CopyTo(frame.AsSpan(header));
        return frame;
    }

    public static byte[] CloseFrame(int code, string reason)
    {
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        return Frame(Close, payload);
    }

    public Task SendTextAsync(string text) => WriteRawAsync(Frame(Text, Encoding.UTF8.GetBytes(text)));

    /// <summary>Reads one client frame: whether it was masked, and its payload unmasked.</summary>
    public async Task<(bool Fin, byte Opcode, bool Masked, byte[] Payload)> ReadFrameAsync()
    {
        var head = await ReadExactlyAsync(2);
        var length = (long)(head[1] & 0x7F);
        if (length == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(2));
        }
        else if (length == 127)
        {
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyAsync(8));
        }

        var masked = (head[1] & 0x80) != 0;
        var mask = masked ? await ReadExactlyAsync(4) : null;
        var payload = await ReadExactlyAsync((int)length);
        for (var i = 0; mask is not null && i < payload.Length; i++)
        {
            payload[i] ^= mask[i % 4];
        }

        return ((head[0] & 0x80) != 0, (byte)(head[0] & 0x0F), masked, payload);
    }

    /// <summary>The next client text frame's JSON request (pongs and other control frames before it are returned in <paramref name="controls"/>).</summary>
    public async Task<(int Id, string Json)> ReadRequestFrameAsync(System.Collections.Generic.List<(byte Opcode, byte[] Payload)>? controls = null)
    {
        while (true)
        {
            var frame = await ReadFrameAsync();
            if (!frame.Masked)
            {
                throw new InvalidDataException("A client frame was not masked.");
            }

            if (frame.Opcode != Text)
            {
                controls?.Add((frame.Opcode, frame.Payload));
                continue;
            }

            var json = Encoding.UTF8.GetString(frame.Payload);
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return (document.RootElement.GetProperty("id").GetInt32(), json);
        }
    }

    public static string Connected => "{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":{\"qSessionState\":\"SESSION_CREATED\"}}";

    public static string Answer(int id, string value) => $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{\"qReturn\":{System.Text.Json.JsonSerializer.Serialize(value)}}}}}";

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var bytes = new byte[count];
        await _stream.ReadExactlyAsync(bytes);
        return bytes;
    }

    public void Dispose() => _client.Dispose();
}
