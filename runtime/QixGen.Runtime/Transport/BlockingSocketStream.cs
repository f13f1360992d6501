#if NET8_0_OR_GREATER
using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Transport;

/// <summary>
/// A connected socket that only ever sees blocking system calls, under the async <see cref="Stream"/> methods the
/// TLS and WebSocket layers call: every read, and every small write to a writable socket, completes before it returns
/// (a large write, or one to a full send buffer, blocks on a pool thread instead of the caller's). Used by the dedicated receive
/// thread (<see cref="ReceiveThread"/>): on Linux, .NET moves a socket to non-blocking mode for good at its first
/// async operation and from then on emulates blocking calls through its epoll thread, which is the hop the receive
/// thread exists to avoid.
/// </summary>
/// <remarks>
/// A cancelled token closes the socket (the blocking call then fails and the caller sees
/// <see cref="OperationCanceledException"/>): a blocking call cannot be cancelled otherwise, and a connection whose
/// read or write was abandoned halfway is out of step anyway (ManagedWebSocket aborts on a cancelled operation too).
/// A zero-byte read waits for data without a buffer (<see cref="Socket.Poll(int, SelectMode)"/>).
/// Thread-safety: one reader and one writer at a time (the layers above serialize each direction).
/// </remarks>
internal sealed class BlockingSocketStream : Stream
{
    /// <summary>
    /// Writes up to this size go out on the caller's thread when the socket is writable (a request, a pong, a batch of
    /// pipelined requests); a larger one may not fit the send buffer's free space. A write within it that still does
    /// not fit waits for the engine to read, as any blocking write; an engine that never reads again is ended by the
    /// session's dispose (it closes the socket).
    /// </summary>
    private const int InlineWriteLimit = 16 * 1024;

    private readonly Socket _socket;

    public BlockingSocketStream(Socket socket) => _socket = socket;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => buffer.IsEmpty ? WaitForData() : _socket.Receive(buffer, SocketFlags.None);

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

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer.Slice(_socket.Send(buffer, SocketFlags.None));
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length > InlineWriteLimit || !_socket.Poll(0, SelectMode.SelectWrite))
        {
            // A write that may not fit in the socket's send buffer (a large one, or the buffer is full: the engine is
            // not reading) blocks until the engine reads: not on the caller's thread, which may be the user's.
            return new ValueTask(Task.Run(() => WriteHere(buffer, cancellationToken).AsTask(), CancellationToken.None));
        }

        return WriteHere(buffer, cancellationToken);
    }

    /// <summary>The blocking write on the current thread (completes before it returns).</summary>
    private ValueTask WriteHere(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            using var abort = AbortOn(cancellationToken);
            Write(buffer.Span);
            return default;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is SocketException or ObjectDisposedException)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }
        catch (Exception e)
        {
            return ValueTask.FromException(Wrap(e));
        }
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
            // Shuts the connection down first, so a read or poll blocked on another thread returns.
            _socket.Dispose();
        }

        base.Dispose(disposing);
    }

    private int WaitForData()
    {
        _socket.Poll(-1, SelectMode.SelectRead);
        return 0;
    }

    private CancellationTokenRegistration AbortOn(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(static socket => ((Socket)socket!).Dispose(), _socket) : default;
    }

    /// <summary>Socket failures as the IOException NetworkStream would throw (what the layers above expect).</summary>
    private static Exception Wrap(Exception e) => e is SocketException ? new IOException(e.Message, e) : e;
}
#endif
