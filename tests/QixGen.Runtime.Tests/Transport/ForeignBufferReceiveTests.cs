using System;
using System.Buffers;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Session;
using QixGen.Transport;
using Xunit;

namespace QixGen.Runtime.Tests.Transport;

/// <summary>
/// <see cref="IQixTransport.ReceiveAsync"/> is public: a caller may receive into its own writer, whose memory need
/// not be an array. (The netstandard2.0 build receives through ArraySegment and once received into a copy of such
/// memory, losing the message.)
/// </summary>
public sealed class ForeignBufferReceiveTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_message_received_into_memory_that_is_not_an_array_arrives_whole(bool useClientWebSocket)
    {
        // 100 KB: more than one receive (the netstandard2.0 build receives such memory 64 KB at a time).
        var message = string.Concat(Enumerable.Range(0, 10_000).Select(i => $"{i % 10}{(char)('a' + (i % 26))}abcdefgh"));
        await using var server = await WebSocketTestServer.StartAsync(async socket =>
        {
            await socket.SendAsync(message);
            await socket.ReceiveAsync();
        });
        var transport = await WebSocketTransport.ConnectAsync(new QixSessionOptions { Url = server.Url, UseClientWebSocket = useClientWebSocket }, CancellationToken.None);
        await using var disposeTransport = transport;
        using var destination = new ForeignBufferWriter(message.Length + 1024);

        using var timeout = new CancellationTokenSource(Bound);
        var result = await transport.ReceiveAsync(destination, int.MaxValue, timeout.Token);

        Assert.False(result.IsClosed);
        Assert.Equal(message.Length, result.Count);
        Assert.False(MemoryMarshal.TryGetArray<byte>(destination.GetMemory(), out _)); // the premise
        Assert.Equal(message, System.Text.Encoding.UTF8.GetString(destination.Written));
    }

    /// <summary>
    /// An <see cref="IBufferWriter{T}"/> whose memory does not say it is an array (a <see cref="MemoryManager{T}"/>
    /// that keeps <see cref="MemoryManager{T}.TryGetArray"/> false, as one over native or pooled native memory does).
    /// </summary>
    private sealed class ForeignBufferWriter : MemoryManager<byte>, IBufferWriter<byte>
    {
        private readonly byte[] _storage;
        private int _written;

        public ForeignBufferWriter(int capacity) => _storage = new byte[capacity];

        public ReadOnlySpan<byte> Written => _storage.AsSpan(0, _written);

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Memory.Slice(_written);

        public Span<byte> GetSpan(int sizeHint = 0) => GetSpan().Slice(_written);

        public override Span<byte> GetSpan() => _storage;

        public override MemoryHandle Pin(int elementIndex = 0) => _storage.AsMemory(elementIndex).Pin();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
