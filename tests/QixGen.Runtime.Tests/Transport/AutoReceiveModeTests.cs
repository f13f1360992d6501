using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using QixGen.Session;
using QixGen.Transport;
using Xunit;

namespace QixGen.Runtime.Tests.Transport;

/// <summary>
/// <see cref="QixReceiveMode.Auto"/> (the default): the first sessions of the process get a receive thread of their
/// own, those beyond <c>ReceiveThreadSlots.Limit</c> the thread pool, and a slot comes back when its connection ends.
/// Runs alone: the slots are counted process-wide, so sessions of tests running in parallel would take some.
/// </summary>
[Collection(Reliability.ReliabilityCollection.Name)]
public sealed class AutoReceiveModeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_first_sessions_get_a_thread_the_rest_the_pool_and_the_slots_come_back()
    {
        using var server = new RawWebSocketServer();
        var free = ReceiveThreadSlots.Limit - ReceiveThreadSlots.Taken;
        var sessions = new List<(QixSession Session, RawWebSocketPeer Peer, Func<WebSocketTransport> Transport)>();
        try
        {
            for (var i = 0; i < ReceiveThreadSlots.Limit + 3; i++)
            {
                sessions.Add(await ReceiveThreadTests.ConnectAsync(server, mode: QixReceiveMode.Auto));
            }

            var threaded = sessions.Select(s => s.Transport().HasReceiveThread).ToList();
            // Threads while slots were free (a connection of an earlier test ending meanwhile may free one more), then none.
            Assert.True(threaded.Count(t => t) >= free, $"{threaded.Count(t => t)} sessions got a thread; {free} slots were free.");
            Assert.True(threaded.Count(t => !t) >= 3, "Sessions beyond the limit got a thread of their own.");
            Assert.True(ReceiveThreadSlots.Taken <= ReceiveThreadSlots.Limit);

            // Every session works on whichever path it got.
            var engines = sessions.Select(s => EchoOnce(s.Peer)).ToList();
            for (var i = 0; i < sessions.Count; i++)
            {
                Assert.Equal("s" + i, await EchoCalls.Call(sessions[i].Session, "Echo", "s" + i).WaitAsync(Bound));
            }

            await Task.WhenAll(engines).WaitAsync(Bound);
        }
        finally
        {
            // The engine side first: a session whose connection is gone disposes without waiting for a close reply.
            foreach (var (session, peer, _) in sessions)
            {
                peer.Dispose();
                await session.DisposeAsync();
            }
        }

        await ReceiveThreadTests.WaitUntilAsync(() => ReceiveThreadSlots.Taken <= ReceiveThreadSlots.Limit - free);
    }

    [Fact]
    public async Task A_connection_the_engine_drops_gives_its_slot_back_without_dispose()
    {
        using var server = new RawWebSocketServer();
        var (session, peer, transport) = await ReceiveThreadTests.ConnectAsync(server, mode: QixReceiveMode.DedicatedThread);
        await using (session)
        {
            var taken = ReceiveThreadSlots.Taken;
            Assert.True(transport().HasReceiveThread);
            peer.Dispose();
            await ReceiveThreadTests.WaitUntilAsync(() => transport().ReceiveThreadsAlive == 0);
            await ReceiveThreadTests.WaitUntilAsync(() => ReceiveThreadSlots.Taken <= taken - 1);
        }
    }

    private static Task EchoOnce(RawWebSocketPeer peer) => Task.Run(async () =>
    {
        var (id, json) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
        using var request = System.Text.Json.JsonDocument.Parse(json);
        await peer.SendTextAsync(RawWebSocketPeer.Answer(id, request.RootElement.GetProperty("params")[0].GetString()!));
    });
}
