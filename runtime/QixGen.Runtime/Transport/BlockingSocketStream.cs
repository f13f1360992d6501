#if NET8_0_OR_GREATER
using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Transport;

/// <summary>
/// A connected socket that only ever sees synchronous system calls, under the async <see cref="Stream"/> methods the
/// TLS and WebSocket layers call. Used by the dedicated receive thread (<see cref="ReceiveThread"/>): on Linux, .NET
/// moves a socket to its epoll engine for good at its first async operation, which is the hop the receive thread
/// exists to avoid.
/// </summary>
/// <remarks>
/// <para>
/// The socket is in non-blocking mode (<see cref="Socket.Blocking"/> false: the synchronous calls return
/// <see cref="SocketError.WouldBlock"/> instead of waiting, and nothing registers the socket with the epoll engine; the
/// runtime's own blocking emulation is never involved). So a write never holds its caller's thread, which may be the
/// user's or the receive thread: what the send buffer takes goes out at once, and a rest (the engine is not reading)
/// is sent by a pool thread that waits for room with bounded <see cref="Socket.Poll(int, SelectMode)"/> calls, until
/// the rest is sent, the token is cancelled or the stream is disposed. A read waits for data with a poll on the
/// reading thread (the receive thread), then receives once.
/// </para>
/// <para>
/// A cancelled token closes the socket (the call then fails and the caller sees <see cref="OperationCanceledException"/>):
/// a connection whose read or write was abandoned halfway is out of step anyway (ManagedWebSocket aborts on a
/// cancelled operation too). A zero-byte read waits for data without a buffer.
/// Thread-safety: one reader and one writer at a time (the layers above serialize each direction; a write's pending
/// rest is awaited before the next write starts).
/// </para>
/// </remarks>
internal sealed class BlockingSocketStream : Stream
{
    /// <summary>How long a pool thread sending a rest waits for room before it checks for dispose and cancellation again.</summary>
    private static readonly TimeSpan WriteWaitSlice = TimeSpan.FromSeconds(1);

    private readonly Socket _socket;
    private volatile bool _disposed;

    // Reader's thread only. _readable: a poll said readable and nothing has been received since (the framing and the
    // buffering layer each wait with a zero-byte read before they read: the second needs no poll). _dataLikely: the
    // next read can expect data at once (the last one filled its buffer), so it receives first instead of polling.
    private bool _readable;
    private bool _dataLikely;

    /// <param name="socket">A connected socket that has never seen an async operation; put in non-blocking mode here.</param>
    public BlockingSocketStream(Socket socket)
    {
        _socket = socket;
        socket.Blocking = false;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!_readable && (buffer.IsEmpty || !_dataLikely))
        {
            // Most reads come before the answer: one poll and one receive, not a receive that finds nothing first.
            WaitUntil(SelectMode.SelectRead);
            _readable = true;
        }

        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            var received = _socket.Receive(buffer, SocketFlags.None, out var error);
            _readable = false;
            if (error == SocketError.Success)
            {
                _dataLikely = received == buffer.Length;
                return received;
            }

            if (error != SocketError.WouldBlock)
            {
                throw new SocketException((int)error);
            }

            WaitUntil(SelectMode.SelectRead);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            using var abort = AbortOn(cancellationToken);
            return new ValueTask<int>(Read(buffer.Span));
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is SocketException or ObjectDisposedException)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<int>(Wrap(e));
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>The synchronous write waits for room on the caller's thread (what a synchronous write means).</summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (true)
        {
            buffer = buffer.Slice(SendWhatFits(buffer));
            if (buffer.IsEmpty)
            {
                return;
            }

            WaitUntil(SelectMode.SelectWrite);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        int sent;
        try
        {
            sent = SendWhatFits(buffer.Span);
        }
        catch (Exception e)
        {
            return ValueTask.FromException(Wrap(e));
        }

        if (sent == buffer.Length)
        {
            return default;
        }

        // The send buffer is full (the engine is not reading, or not yet): the rest waits for room on a pool thread.
        var rest = buffer.Slice(sent);
        return new ValueTask(Task.Run(() => SendRest(rest, cancellationToken), CancellationToken.None));
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed = true;
            // Shuts the connection down first, so a poll on another thread returns.
            _socket.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Sends as much of <paramref name="buffer"/> as the send buffer takes now; how much that was.</summary>
    private int SendWhatFits(ReadOnlySpan<byte> buffer)
    {
        var sent = 0;
        while (sent < buffer.Length)
        {
            var count = _socket.Send(buffer.Slice(sent), SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                break;
            }

            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }

            sent += count;
        }

        return sent;
    }

    /// <summary>A write's rest, on a pool thread: waits for room in slices, ends on dispose or cancellation.</summary>
    private void SendRest(ReadOnlyMemory<byte> rest, CancellationToken cancellationToken)
    {
        try
        {
            using var abort = AbortOn(cancellationToken);
            while (!rest.IsEmpty)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_socket.Poll(WriteWaitSlice, SelectMode.SelectWrite))
                {
                    rest = rest.Slice(SendWhatFits(rest.Span));
                }
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is SocketException or ObjectDisposedException)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception e) when (e is SocketException)
        {
            throw Wrap(e);
        }
    }

    /// <summary>Waits, without a bound, until the socket is readable or writable; the stream's dispose ends the wait.</summary>
    private void WaitUntil(SelectMode mode) => _socket.Poll(-1, mode);

    private CancellationTokenRegistration AbortOn(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(static socket => ((Socket)socket!).Dispose(), _socket) : default;
    }

    /// <summary>Socket failures as the IOException NetworkStream would throw (what the layers above expect).</summary>
    private static Exception Wrap(Exception e) => e is SocketException ? new IOException(e.Message, e) : e;
}
#endif
