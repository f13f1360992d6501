using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.WireBench.Clients;

/// <summary>
/// A stream over a socket that only ever sees blocking calls (connect, upgrade, send, receive), for a WebSocket
/// made with <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>: its async methods run the
/// blocking ones and return completed tasks, so the WebSocket completes synchronously on the calling thread. On
/// Linux one async operation would make .NET switch the socket to non-blocking for good, after which blocking
/// calls wait on the socket engine's epoll thread (docs/performance.md, "Floors with a dedicated receive thread").
/// Reads go through a 64 KB buffer: one receive takes every frame that has arrived, and the WebSocket's small
/// header reads cost no system call. Thread-safety: one reader and one writer at a time.
/// </summary>
internal sealed class BlockingSocketStream : Stream
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private BlockingSocketStream(Socket socket) => _socket = socket;

    /// <summary>Whether bytes already received wait in the buffer (more frames came with the last receive).</summary>
    public bool HasBufferedData => _start < _end;

    /// <summary>Socket receives so far (each one blocking system call, or one wait when the socket went non-blocking).</summary>
    public long Receives { get; private set; }

    /// <summary>
    /// Connects to a ws:// URL with blocking calls (an IP literal host, or a blocking name lookup), upgrades, and
    /// returns the client WebSocket over this stream. A receive that waits longer than <paramref name="receiveBound"/>
    /// fails (a SocketException through the WebSocket), so no wait is unbounded.
    /// </summary>
    /// <param name="asyncConnect">Connect with ConnectAsync instead: only to measure what one async operation costs the blocking calls after it.</param>
    public static (WebSocket Socket, BlockingSocketStream Stream) Connect(Uri url, TimeSpan receiveBound, bool asyncConnect = false)
    {
        if (url.Scheme != "ws")
        {
            throw new ArgumentException($"{url}: only ws:// (no TLS) on this floor.", nameof(url));
        }

        var address = IPAddress.TryParse(url.Host, out var literal) ? literal : Dns.GetHostAddresses(url.Host)[0];
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = (int)receiveBound.TotalMilliseconds, SendTimeout = (int)receiveBound.TotalMilliseconds };
        try
        {
            var endPoint = new IPEndPoint(address, url.Port);
            if (asyncConnect)
            {
                using var bound = new CancellationTokenSource(receiveBound);
                socket.ConnectAsync(endPoint, bound.Token).AsTask().GetAwaiter().GetResult();
            }
            else
            {
                socket.Connect(endPoint);
            }

            var stream = new BlockingSocketStream(socket);
            stream.Upgrade(url);
            var webSocket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
            return (webSocket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The HTTP/1.1 upgrade (RFC 6455 section 4.1): sends the request, reads the head, checks 101 and the accept key; bytes after the head stay buffered.</summary>
    private void Upgrade(Uri url)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        Write(Encoding.ASCII.GetBytes($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        int headEnd;
        while ((headEnd = _buffer.AsSpan(0, _end).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (_end == _buffer.Length)
            {
                throw new WebSocketException(WebSocketError.HeaderError, $"{url}: the upgrade answer's head is over {_buffer.Length} bytes.");
            }

            var received = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
            if (received == 0)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"{url}: closed during the upgrade.");
            }

            _end += received;
        }

        var head = Encoding.ASCII.GetString(_buffer, 0, headEnd).Split("\r\n");
        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
        var status = head[0].Split(' ');
        var accepted = Array.Exists(head, line => line.StartsWith("Sec-WebSocket-Accept:", StringComparison.OrdinalIgnoreCase)
            && line.Substring("Sec-WebSocket-Accept:".Length).Trim() == expected);
        if (status.Length < 2 || status[1] != "101" || !accepted)
        {
            throw new WebSocketException(WebSocketError.HeaderError, $"{url}: the upgrade was answered \"{head[0]}\"{(accepted ? "" : " without the expected accept key")}.");
        }

        _start = headEnd + 4;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_start == _end)
        {
            _start = 0;
            _end = _socket.Receive(_buffer, SocketFlags.None);
            Receives++;
        }

        var count = Math.Min(buffer.Length, _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(buffer);
        _start += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new ValueTask<int>(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer.Slice(_socket.Send(buffer, SocketFlags.None));
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return default;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _socket.Dispose();
        }

        base.Dispose(disposing);
    }
}
