using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Session;
using QixGen.Transport;
using Xunit;

namespace QixGen.Runtime.Tests.Transport;

/// <summary>
/// The hostile review of <see cref="QixReceiveMode.Auto"/> as the default (break14): connections that fail, are
/// suspended, resumed, raced by a dispose or dropped by the engine give their receive-thread slot back and leave no
/// receive thread behind. Runs alone: it counts process-wide slots and threads. Bounds only say "it did not hang".
/// </summary>
[Collection(Reliability.ReliabilityCollection.Name)]
public sealed class ReceiveModeFaultTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(QixReceiveMode.Auto)]
    [InlineData(QixReceiveMode.DedicatedThread)]
    public async Task Disposing_a_session_while_its_resume_is_connecting_leaves_no_connection_slot_or_thread(QixReceiveMode mode)
    {
        var slots = ReceiveThreadSlots.Taken;
        var threads = ReceiveThreadCensus.Count();
        using var server = new RawWebSocketServer();
        var options = new QixSessionOptions { ReceiveMode = mode, CloseTimeout = TimeSpan.FromSeconds(1) };
        var (session, first) = await server.ConnectSessionAsync(options, Bound);
        using (first)
        {
            await SuspendAnsweringTheCloseAsync(session, first);

            using var cancel = new CancellationTokenSource(Bound);
            var accepted = server.AcceptAsync(cancel.Token);
            var resuming = session.ResumeAsync();
            using var second = await accepted.WaitAsync(Bound);
            await second.ReadRequestAsync().WaitAsync(Bound);

            // The user gives up on the session while its resume waits for the upgrade answer.
            await session.DisposeAsync().AsTask().WaitAsync(Bound);
            await second.UpgradeAnsweringReadRequestAsync(RawWebSocketPeer.Connected);

            // The resume reports the dispose, and the connection it made is not left open behind it.
            await Assert.ThrowsAnyAsync<QixException>(() => resuming.WaitAsync(Bound));
            Assert.False(session.IsOpen);
            await second.ReadUntilClosedAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        await ReceiveThreadCensus.WaitForBaselineAsync(slots, threads);
    }

    /// <summary>Suspends the session, the engine answering its close (4000) as an engine does.</summary>
    internal static async Task SuspendAnsweringTheCloseAsync(QixSession session, RawWebSocketPeer peer)
    {
        var suspending = session.SuspendAsync();
        var close = await peer.ReadFrameAsync().WaitAsync(Bound);
        Assert.Equal(RawWebSocketPeer.Close, close.Opcode);
        await peer.WriteRawAsync(RawWebSocketPeer.CloseFrame(4000, "bye"));
        await suspending.WaitAsync(Bound);
        Assert.True(session.IsSuspended);
    }
}

/// <summary>Counts the process's receive threads by name (<c>/proc/self/task/*/comm</c>) and waits for them to end.</summary>
internal static class ReceiveThreadCensus
{
    private const string ThreadName = "QixGen receive";

    /// <summary>How many threads of the process are named as a receive thread now (0 where /proc is absent).</summary>
    public static int Count()
    {
        var count = 0;
        foreach (var task in Directory.Exists("/proc/self/task") ? Directory.GetDirectories("/proc/self/task") : Array.Empty<string>())
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == ThreadName)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The thread ended while it was being looked at.
            }
        }

        return count;
    }

    /// <summary>Waits (within tens of seconds) until the slots and receive threads are back to what they were.</summary>
    public static async Task WaitForBaselineAsync(int slots, int threads)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (ReceiveThreadSlots.Taken > slots || Count() > threads)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not back to the baseline: {ReceiveThreadSlots.Taken} slots taken (was {slots}), {Count()} receive threads (was {threads}).");
            await Task.Delay(50);
        }
    }
}

internal static class RawWebSocketPeerExtensions
{
    /// <summary>Answers an upgrade request already read (ReadRequestAsync) with 101 and, in the same write, <paramref name="firstMessage"/>.</summary>
    public static Task UpgradeAnsweringReadRequestAsync(this RawWebSocketPeer peer, string firstMessage)
    {
        var accept = Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData(Encoding.ASCII.GetBytes(peer.Header("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n");
        return peer.WriteRawAsync([.. answer, .. RawWebSocketPeer.Frame(RawWebSocketPeer.Text, Encoding.UTF8.GetBytes(firstMessage))]);
    }

    /// <summary>Reads (and answers a close with a close) until the client closes the connection.</summary>
    public static async Task ReadUntilClosedAsync(this RawWebSocketPeer peer)
    {
        try
        {
            while (true)
            {
                var frame = await peer.ReadFrameAsync();
                if (frame.Opcode == RawWebSocketPeer.Close)
                {
                    await peer.WriteRawAsync(RawWebSocketPeer.CloseFrame(1000, ""));
                }
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or SocketException)
        {
            // The client closed the connection.
        }
    }
}
