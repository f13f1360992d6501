using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Transport;
using Xunit;

namespace QixGen.Runtime.Tests.Transport;

/// <summary>
/// The socket stream under the dedicated receive thread: a write never holds the writer's thread, even when the send
/// buffer cannot take it whole (the engine stopped reading); its rest goes out in order once the engine reads, and
/// ends on cancellation or dispose. Small socket buffers make "nearly full" happen within a few writes. Bounds only
/// say "it did not hang".
/// </summary>
public sealed class BlockingSocketStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>Below the inline size the stream had (16 KB), above what a small send buffer's free space holds.</summary>
    private const int WriteSize = 16 * 1024;

    [Fact]
    public async Task A_small_write_the_send_buffer_cannot_take_returns_pending_and_its_rest_arrives_in_order_once_the_engine_reads()
    {
        var (client, engine) = SmallBufferedPair();
        using var _ = engine;
        using var stream = new BlockingSocketStream(client);

        // Before the fix the writer's thread blocked in send here until the engine read again.
        var (writes, pending) = await WriteUntilPendingAsync(stream, CancellationToken.None).WaitAsync(Bound);
        Assert.False(pending.IsCompleted);

        var received = new byte[writes * WriteSize];
        var total = 0;
        while (total < received.Length)
        {
            var count = await engine.ReceiveAsync(received.AsMemory(total), SocketFlags.None).AsTask().WaitAsync(Bound);
            Assert.NotEqual(0, count);
            total += count;
        }

        await pending.WaitAsync(Bound);
        for (var i = 0; i < received.Length; i++)
        {
            Assert.True(received[i] == (byte)(i / WriteSize), $"byte {i} is from write {received[i]}, not {i / WriteSize}");
        }
    }

    [Fact]
    public async Task A_pending_write_ends_cancelled_when_its_token_is_cancelled()
    {
        var (client, engine) = SmallBufferedPair();
        using var _ = engine;
        using var stream = new BlockingSocketStream(client);
        using var cancel = new CancellationTokenSource();
        var (_, pending) = await WriteUntilPendingAsync(stream, cancel.Token).WaitAsync(Bound);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Bound));
    }

    [Fact]
    public async Task A_pending_write_ends_with_an_error_when_the_stream_is_disposed()
    {
        var (client, engine) = SmallBufferedPair();
        using var _ = engine;
        var stream = new BlockingSocketStream(client);
        var (_, pending) = await WriteUntilPendingAsync(stream, CancellationToken.None).WaitAsync(Bound);

        stream.Dispose();
        var failure = await Record.ExceptionAsync(() => pending.WaitAsync(Bound));
        Assert.True(failure is IOException or ObjectDisposedException, failure?.ToString() ?? "the write succeeded");
    }

    [Fact]
    public async Task A_read_waits_for_data_without_spinning_and_sees_the_end_of_the_stream()
    {
        var (client, engine) = SmallBufferedPair();
        using var stream = new BlockingSocketStream(client);
        var buffer = new byte[64];
        var reading = Task.Factory.StartNew(() => stream.ReadAsync(buffer).AsTask(), TaskCreationOptions.LongRunning).Unwrap();
        await Task.Delay(200);
        Assert.False(reading.IsCompleted);

        engine.Send(new byte[] { 1, 2, 3 });
        Assert.Equal(3, await reading.WaitAsync(Bound));
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer.Take(3));

        engine.Dispose();
        Assert.Equal(0, await Task.Run(() => stream.ReadAsync(buffer).AsTask()).WaitAsync(Bound));
    }

    /// <summary>
    /// Writes 16 KB writes (each of its own byte value) from a thread of the test's own until one returns pending;
    /// how many were written, the pending one included, and that one. Fails, by not finishing, if a write blocks.
    /// </summary>
    private static Task<(int Writes, Task Pending)> WriteUntilPendingAsync(BlockingSocketStream stream, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () =>
            {
                // 16 MB in all: far more than the small buffers (and any loopback buffers) hold.
                for (var i = 0; i < 1024; i++)
                {
                    var chunk = Enumerable.Repeat((byte)i, WriteSize).ToArray();
                    var write = stream.WriteAsync(chunk, cancellationToken);
                    if (!write.IsCompleted)
                    {
                        return (i + 1, write.AsTask());
                    }

                    write.GetAwaiter().GetResult();
                }

                throw new InvalidOperationException("16 MB went out without the engine reading.");
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>
    /// A loopback connection whose client send buffer and engine receive buffer are a few KB: there (Linux, measured)
    /// the socket polls writable while a 16 KB write does not fit, so a blocking send of it waits for the engine.
    /// </summary>
    private static (Socket Client, Socket Engine) SmallBufferedPair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.ReceiveBufferSize = 1024; // accepted sockets inherit it, and the window is small from the start
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { SendBufferSize = 4 * 1024, NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        return (client, listener.Accept());
    }
}
