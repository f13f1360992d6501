#if NET8_0_OR_GREATER
using System;
using System.Buffers;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Serialization;

namespace QixGen.Transport;

/// <summary>
/// The byte stream under the direct WebSocket path (<see cref="DirectUpgrade"/>): a TCP or TLS stream with
/// <list type="bullet">
/// <item>a read buffer rented only when data has arrived (a zero-byte read waits for it) and returned as soon as it is
/// drained, so an idle connection holds none, while one read takes in every frame that has arrived;</item>
/// <item>corked writes: between <see cref="Cork"/> and <see cref="UncorkAsync"/> the frames the WebSocket writes are
/// gathered and leave in one write (one syscall for many pipelined requests).</item>
/// </list>
/// Thread-safety: one reader at a time (the receive loop); writes may come from the session's sender and from the
/// WebSocket's keep-alive timer at once, so the cork state is locked and writes to the inner stream are serialized.
/// </summary>
internal sealed class ConnectionStream : Stream
{
    /// <summary>Large enough for many ~2 KB answers per read; reads at least this large bypass the buffer.</summary>
    private const int ReadBufferSize = 16 * 1024;

    private readonly Stream _inner;
    private readonly object _corkGate = new object();
    private readonly SemaphoreSlim _writeLock = new SemaphoreSlim(1, 1);
    private byte[]? _readBuffer;
    private int _readStart;
    private int _readEnd;
    private PooledBufferWriter? _corked;
    private bool _answerDue;

    public ConnectionStream(Stream inner) => _inner = inner;

    /// <summary>
    /// Set by the session while calls are in flight: an answer is due, so a read takes its buffer at once instead of
    /// first waiting with a zero-byte read (one system call less per refill). With nothing in flight it waits bufferless.
    /// </summary>
    public bool AnswerDue
    {
        get => Volatile.Read(ref _answerDue);
        set => Volatile.Write(ref _answerDue, value);
    }

    /// <summary>Whether bytes already read wait in the buffer (a read would not wait); the reader's thread only.</summary>
    internal bool HasBufferedData => _readEnd > _readStart;

    /// <summary>Whether a read buffer is held (tests: an idle connection holds none).</summary>
    internal bool HoldsReadBuffer => _readBuffer is not null;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Reads one line of the HTTP upgrade answer (up to CRLF, which is dropped); null at the end of the stream.</summary>
    /// <exception cref="IOException">The line is longer than <paramref name="maxLength"/> bytes.</exception>
    public async ValueTask<string?> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        var line = new PooledBufferWriter(256);
        try
        {
            while (true)
            {
                if (_readEnd == _readStart && !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var available = _readBuffer.AsSpan(_readStart, _readEnd - _readStart);
                var end = available.IndexOf((byte)'\n');
                var take = end < 0 ? available.Length : end + 1;
                if (line.WrittenCount + take > maxLength)
                {
                    throw new IOException($"The server's upgrade answer has a line longer than {maxLength} bytes.");
                }

                available.Slice(0, take).CopyTo(line.GetSpan(take));
                line.Advance(take);
                Consume(take);
                if (end >= 0)
                {
                    var text = line.WrittenSpan;
                    var length = text.Length - 1 - (text.Length > 1 && text[text.Length - 2] == (byte)'\r' ? 1 : 0);
                    return System.Text.Encoding.Latin1.GetString(text.Slice(0, length));
                }
            }
        }
        finally
        {
            line.Dispose();
        }
    }

    // Pooled builders: a read that waits for the network allocates no state machine box (one per message otherwise).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_readEnd > _readStart)
        {
            return CopyBuffered(destination.Span);
        }

        if (destination.IsEmpty || destination.Length >= ReadBufferSize)
        {
            // A zero-byte wait, or a read large enough to go straight into the caller's memory (a big answer).
            return await _inner.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
        }

        return await FillAsync(cancellationToken).ConfigureAwait(false) ? CopyBuffered(destination.Span) : 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The connection is read asynchronously only.");

    /// <summary>Starts gathering writes (the session's sender has more than one frame to send).</summary>
    public void Cork()
    {
        lock (_corkGate)
        {
            _corked ??= new PooledBufferWriter(0);
        }
    }

    /// <summary>Sends what was gathered since <see cref="Cork"/> in one write and stops gathering.</summary>
    public async ValueTask UncorkAsync(CancellationToken cancellationToken)
    {
        PooledBufferWriter? gathered;
        lock (_corkGate)
        {
            gathered = _corked;
            _corked = null;
        }

        if (gathered is null)
        {
            return;
        }

        try
        {
            if (gathered.WrittenCount > 0)
            {
                await WriteThroughAsync(gathered.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            gathered.Dispose();
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        lock (_corkGate)
        {
            if (_corked is { } corked)
            {
                corked.Write(source.Span);
                return default;
            }
        }

        return WriteThroughAsync(source, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The connection is written asynchronously only.");

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The read buffer is left to the collector: a read may still be writing into it.
            _inner.Dispose();
            lock (_corkGate)
            {
                _corked?.Dispose();
                _corked = null;
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    private async ValueTask WriteThroughAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _inner.WriteAsync(source, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Waits for data without a buffer, then rents one and reads what has arrived; false at the end of the stream.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (!AnswerDue)
        {
            await _inner.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        int count;
        try
        {
            count = await _inner.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (count == 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return false;
        }

        _readBuffer = buffer;
        _readStart = 0;
        _readEnd = count;
        return true;
    }

    private int CopyBuffered(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _readEnd - _readStart);
        _readBuffer.AsSpan(_readStart, count).CopyTo(destination);
        Consume(count);
        return count;
    }

    private void Consume(int count)
    {
        _readStart += count;
        if (_readStart == _readEnd && _readBuffer is { } drained)
        {
            _readBuffer = null;
            _readStart = _readEnd = 0;
            ArrayPool<byte>.Shared.Return(drained);
        }
    }
}
#endif
