using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Transport;
using Xunit;

namespace QixGen.Runtime.Tests.Transport;

/// <summary>The stream under the direct path: corked writes leave in one write, reads take in many frames at once and keep nothing while waiting.</summary>
public sealed class ConnectionStreamTests
{
    [Fact]
    public async Task Writes_between_cork_and_uncork_leave_in_one_write_in_order()
    {
        var inner = new CountingStream(Array.Empty<byte>());
        using var stream = new ConnectionStream(inner);
        stream.Cork();
        await stream.WriteAsync(new byte[] { 1, 2 });
        await stream.WriteAsync(new byte[] { 3 });
        await stream.WriteAsync(new byte[] { 4, 5, 6 });
        Assert.Empty(inner.Writes);
        await stream.UncorkAsync(CancellationToken.None);
        Assert.Equal(new[] { new byte[] { 1, 2, 3, 4, 5, 6 } }, inner.Writes);

        await stream.WriteAsync(new byte[] { 7 });
        Assert.Equal(2, inner.Writes.Count); // not corked: straight through
    }

    [Fact]
    public async Task Small_reads_are_served_from_one_inner_read_and_the_buffer_is_returned_when_drained()
    {
        var data = new byte[3000];
        new Random(1).NextBytes(data);
        var inner = new CountingStream(data);
        using var stream = new ConnectionStream(inner);
        var read = new List<byte>();
        var chunk = new byte[14]; // a WebSocket header's worth, as the framing reads it
        while (read.Count < data.Length)
        {
            var n = await stream.ReadAsync(chunk);
            Assert.True(n > 0);
            read.AddRange(chunk.AsSpan(0, n).ToArray());
        }

        Assert.Equal(data, read.ToArray());
        Assert.Equal(1, inner.DataReads);
        Assert.False(stream.HoldsReadBuffer);
        Assert.Equal(0, await stream.ReadAsync(chunk)); // the end of the stream
    }

    /// <summary>An inner stream that records writes and hands out its data in one read, after a zero-byte wait.</summary>
    private sealed class CountingStream(byte[] data) : Stream
    {
        private int _position;

        public List<byte[]> Writes { get; } = new();

        public int DataReads { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty)
            {
                return ValueTask.FromResult(0);
            }

            DataReads++;
            var n = Math.Min(buffer.Length, data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return ValueTask.FromResult(n);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(buffer.ToArray());
            return default;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
