using System;
using System.Collections.Generic;
using System.Linq;
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
/// Faults found by the hostile review of <see cref="QixSessionOptions.DedicatedReceiveThread"/> (break13): each test
/// failed before its fix. Bounds only say "it did not hang".
/// </summary>
public sealed class ReceiveThreadFaultTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_ping_that_arrives_while_a_send_is_blocked_is_answered_and_the_session_goes_on()
    {
        using var server = new RawWebSocketServer();
        var (session, peer, _) = await ConnectAsync(server);
        await using (session)
        using (peer)
        {
            // A request larger than the socket buffers while the engine does not read: the send blocks, holding the
            // WebSocket's send lock. The engine's ping then needs a pong the reader cannot write at once.
            var big = new string('x', 32 * 1024 * 1024);
            var call = Task.Run(() => EchoCalls.Call(session, "Echo", big));
            await WaitUntilAsync(() => call.IsCompleted || peer.Available > 64 * 1024);
            Assert.False(call.IsCompleted, call.Exception?.ToString());
            await Task.Delay(500);
            await peer.WriteRawAsync(RawWebSocketPeer.Frame(RawWebSocketPeer.Ping, "are you there"u8));
            await Task.Delay(1000); // the reader has the ping by now (the test cannot fail for being slow, only miss)

            var controls = new List<(byte Opcode, byte[] Payload)>();
            var (id, _) = await peer.ReadRequestFrameAsync(controls).WaitAsync(Bound);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(id, "ok"));
            Assert.Equal("ok", await call.WaitAsync(Bound));

            // The pong was written after the blocked frame, and the session still works.
            var next = EchoCalls.Call(session, "Echo", "next");
            var (nextId, _) = await peer.ReadRequestFrameAsync(controls).WaitAsync(Bound);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(nextId, "next"));
            Assert.Equal("next", await next.WaitAsync(Bound));
            Assert.Contains(controls, c => c.Opcode == RawWebSocketPeer.Pong && Encoding.UTF8.GetString(c.Payload) == "are you there");
        }
    }

    internal static async Task<(QixSession Session, RawWebSocketPeer Peer, Func<WebSocketTransport> Transport)> ConnectAsync(RawWebSocketServer server, Action<QixSessionOptions>? configure = null)
    {
        WebSocketTransport? transport = null;
        var options = new QixSessionOptions
        {
            TransportFactory = async (o, token) =>
            {
                var opened = await WebSocketTransport.ConnectAsync(new QixSessionOptions { Url = o.Url, DedicatedReceiveThread = true }, token);
                transport = (WebSocketTransport)opened;
                return opened;
            },
        };
        configure?.Invoke(options);
        var (session, peer) = await server.ConnectSessionAsync(options, Bound);
        return (session, peer, () => transport!);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within the bound.");
            await Task.Delay(20);
        }
    }
}
