using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Session;
using QixGen.Transport;
using Xunit;

namespace QixGen.Runtime.Tests.Transport;

/// <summary>
/// The direct WebSocket path (own HTTP/1.1 upgrade, framework framing over <c>ConnectionStream</c>) against a server
/// that writes RFC 6455 by hand: fragments with control frames between them, masking, the three length forms, the
/// close handshake both ways, the message size limit and servers that send garbage. Bounds are minutes: they only
/// say "it did not hang", never "it was fast".
/// </summary>
public sealed class DirectPathTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    /// <summary>What the direct path's own upgrade says (the netstandard2.0 build upgrades through ClientWebSocket).</summary>
    private const string OwnUpgrade = "the direct path's own HTTP/1.1 upgrade and its messages";

    private static Task<string> Call(QixSession session, string argument) => EchoCalls.Call(session, "Echo", argument);

    /// <summary>Connects on the direct path with the given receive mode (both are run by the framing tests).</summary>
    private static Task<(QixSession Session, RawWebSocketPeer Peer)> ConnectAsync(RawWebSocketServer server, QixReceiveMode mode, QixSessionOptions? options = null)
    {
        options ??= new QixSessionOptions();
        options.ReceiveMode = mode;
        return server.ConnectSessionAsync(options, Bound);
    }

#if !QIXGEN_RUNTIME_NETSTANDARD // the netstandard2.0 build has no direct path (DirectUpgrade): always ClientWebSocket
    [Fact]
    public async Task The_default_options_take_the_direct_path_and_a_proxy_or_credentials_take_ClientWebSocket()
    {
        var url = new Uri("ws://127.0.0.1:9/app/engineData");
        Assert.True(DirectUpgrade.IsUsable(new QixSessionOptions(), url));
        Assert.False(DirectUpgrade.IsUsable(new QixSessionOptions { UseClientWebSocket = true }, url));
        Assert.False(DirectUpgrade.IsUsable(new QixSessionOptions { Proxy = new WebProxy("http://proxy.example:3128") }, url));
        Assert.False(DirectUpgrade.IsUsable(new QixSessionOptions { UseDefaultCredentials = true }, url));
        Assert.False(DirectUpgrade.IsUsable(new QixSessionOptions { Credentials = new NetworkCredential("u", "p") }, url));

        using var server = new RawWebSocketServer();
        var (session, peer) = await ConnectAsync(server, QixReceiveMode.Auto);
        await using (session)
        using (peer)
        {
            // The upgrade our path wrote: a valid RFC 6455 request.
            Assert.StartsWith("GET /app/engineData HTTP/1.1\r\n", peer.Request);
            Assert.Equal("13", peer.Header("Sec-WebSocket-Version"));
            Assert.Equal(16, Convert.FromBase64String(peer.Header("Sec-WebSocket-Key")).Length);
        }
    }

#endif
    [Theory]
    [InlineData(QixReceiveMode.ThreadPool)]
    [InlineData(QixReceiveMode.DedicatedThread)]
    public async Task Fragments_with_a_ping_and_a_pong_between_them_make_one_answer_and_the_ping_is_answered(QixReceiveMode mode)
    {
        using var server = new RawWebSocketServer();
        var (session, peer) = await ConnectAsync(server, mode);
        await using (session)
        using (peer)
        {
            var call = Call(session, "whole");
            var (id, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            var answer = Encoding.UTF8.GetBytes(RawWebSocketPeer.Answer(id, "whole"));
            var third = answer.Length / 3;
            await peer.WriteRawAsync([
                .. RawWebSocketPeer.Frame(RawWebSocketPeer.Text, answer.AsSpan(0, third), fin: false),
                .. RawWebSocketPeer.Frame(RawWebSocketPeer.Ping, "p1"u8),
                .. RawWebSocketPeer.Frame(RawWebSocketPeer.Continuation, answer.AsSpan(third, third), fin: false),
                .. RawWebSocketPeer.Frame(RawWebSocketPeer.Pong, "unasked"u8),
                .. RawWebSocketPeer.Frame(RawWebSocketPeer.Continuation, answer.AsSpan(2 * third)),
            ]);

            Assert.Equal("whole", await call.WaitAsync(Bound));
            var pong = await peer.ReadFrameAsync().WaitAsync(Bound);
            Assert.Equal(RawWebSocketPeer.Pong, pong.Opcode);
            Assert.True(pong.Masked);
            Assert.Equal("p1", Encoding.UTF8.GetString(pong.Payload));
            Assert.True(session.IsOpen);
        }
    }

    [Theory]
    [InlineData(QixReceiveMode.ThreadPool)]
    [InlineData(QixReceiveMode.DedicatedThread)]
    public async Task Every_client_frame_is_masked_also_when_pipelined_requests_leave_in_one_write(QixReceiveMode mode)
    {
        using var server = new RawWebSocketServer();
        var (session, peer) = await ConnectAsync(server, mode);
        await using (session)
        using (peer)
        {
            var calls = new List<Task<string>>();
            for (var i = 0; i < 64; i++)
            {
                calls.Add(Call(session, "v" + i));
            }

            // ReadRequestFrameAsync refuses an unmasked frame; each request is whole JSON once unmasked.
            var answers = new List<byte>();
            for (var i = 0; i < 64; i++)
            {
                var (id, json) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
                var value = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("params")[0].GetString()!;
                answers.AddRange(RawWebSocketPeer.Frame(RawWebSocketPeer.Text, Encoding.UTF8.GetBytes(RawWebSocketPeer.Answer(id, value))));
            }

            // All answers in one write: the client reads many frames per receive.
            await peer.WriteRawAsync(answers.ToArray());
            for (var i = 0; i < 64; i++)
            {
                Assert.Equal("v" + i, await calls[i].WaitAsync(Bound));
            }
        }
    }

    [Theory]
    [InlineData(125, QixReceiveMode.ThreadPool)]
    [InlineData(125, QixReceiveMode.DedicatedThread)]
    [InlineData(126, QixReceiveMode.ThreadPool)]
    [InlineData(126, QixReceiveMode.DedicatedThread)]
    [InlineData(65_535, QixReceiveMode.ThreadPool)]
    [InlineData(65_535, QixReceiveMode.DedicatedThread)]
    [InlineData(65_536, QixReceiveMode.ThreadPool)]
    [InlineData(65_536, QixReceiveMode.DedicatedThread)]
    [InlineData(1_000_000, QixReceiveMode.ThreadPool)]
    [InlineData(1_000_000, QixReceiveMode.DedicatedThread)]
    public async Task Payloads_at_the_7_16_and_64_bit_length_boundaries_arrive_whole(int payloadLength, QixReceiveMode mode)
    {
        using var server = new RawWebSocketServer();
        var (session, peer) = await ConnectAsync(server, mode);
        await using (session)
        using (peer)
        {
            var call = Call(session, "x");
            var (id, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            var value = new string('v', payloadLength - RawWebSocketPeer.Answer(id, "").Length);
            var answer = Encoding.UTF8.GetBytes(RawWebSocketPeer.Answer(id, value));
            Assert.Equal(payloadLength, answer.Length);
            var frame = RawWebSocketPeer.Frame(RawWebSocketPeer.Text, answer);
            Assert.Equal(payloadLength < 126 ? payloadLength : payloadLength <= 65_535 ? 126 : 127, frame[1]);
            await peer.WriteRawAsync(frame);
            Assert.Equal(value, await call.WaitAsync(Bound));
        }
    }

    [Theory]
    [InlineData(QixReceiveMode.ThreadPool)]
    [InlineData(QixReceiveMode.DedicatedThread)]
    public async Task A_fragmented_message_over_the_limit_fails_only_its_call(QixReceiveMode mode)
    {
        using var server = new RawWebSocketServer();
        var (session, peer) = await ConnectAsync(server, mode, new QixSessionOptions { MaxMessageSize = 64 * 1024 });
        await using (session)
        using (peer)
        {
            var big = Call(session, "big");
            var (id, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            var answer = Encoding.UTF8.GetBytes(RawWebSocketPeer.Answer(id, new string('b', 150_000)));
            await peer.WriteRawAsync([
                .. RawWebSocketPeer.Frame(RawWebSocketPeer.Text, answer.AsSpan(0, 50_000), fin: false),
                .. RawWebSocketPeer.Frame(RawWebSocketPeer.Continuation, answer.AsSpan(50_000, 50_000), fin: false),
                .. RawWebSocketPeer.Frame(RawWebSocketPeer.Continuation, answer.AsSpan(100_000)),
            ]);
            var error = await Assert.ThrowsAsync<QixMessageTooLargeException>(() => big.WaitAsync(Bound));
            Assert.Equal(64 * 1024, error.Limit);

            var next = Call(session, "next");
            var (nextId, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(nextId, "next"));
            Assert.Equal("next", await next.WaitAsync(Bound));
        }
    }

    [Theory]
    [InlineData(QixReceiveMode.ThreadPool)]
    [InlineData(QixReceiveMode.DedicatedThread)]
    public async Task A_close_from_the_server_is_answered_and_fails_pending_calls(QixReceiveMode mode)
    {
        using var server = new RawWebSocketServer();
        var (session, peer) = await ConnectAsync(server, mode);
        await using (session)
        using (peer)
        {
            var closed = new TaskCompletionSource<QixSessionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            session.Closed += (_, e) => closed.TrySetResult(e);
            var pending = Call(session, "never answered");
            await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            await peer.WriteRawAsync(RawWebSocketPeer.CloseFrame(1001, "going away"));

            var reply = await peer.ReadFrameAsync().WaitAsync(Bound);
            Assert.Equal(RawWebSocketPeer.Close, reply.Opcode);
            Assert.True(reply.Masked);
            Assert.Equal(1001, BinaryPrimitives.ReadUInt16BigEndian(reply.Payload));
            var args = await closed.Task.WaitAsync(Bound);
            Assert.Equal(1001, args.CloseCode);
            Assert.Equal("going away", args.CloseReason);
            await Assert.ThrowsAsync<QixSessionClosedException>(() => pending.WaitAsync(Bound));
        }
    }

    [Theory]
    [InlineData(QixReceiveMode.ThreadPool)]
    [InlineData(QixReceiveMode.DedicatedThread)]
    public async Task Dispose_sends_a_close_and_completes_when_the_server_answers_it(QixReceiveMode mode)
    {
        using var server = new RawWebSocketServer();
        var (session, peer) = await ConnectAsync(server, mode);
        using (peer)
        {
            var disposing = session.DisposeAsync().AsTask();
            var close = await peer.ReadFrameAsync().WaitAsync(Bound);
            Assert.Equal(RawWebSocketPeer.Close, close.Opcode);
            Assert.True(close.Masked);
            Assert.Equal(1000, BinaryPrimitives.ReadUInt16BigEndian(close.Payload));
            await peer.WriteRawAsync(RawWebSocketPeer.CloseFrame(1000, ""));
            await disposing.WaitAsync(Bound);
            Assert.False(session.IsOpen);
        }
    }

    [NotOnNetStandardTheory(OwnUpgrade)]
    [InlineData("hello\r\n\r\n", "HTTP status line")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: d3Jvbmc=\r\n\r\n", "Sec-WebSocket-Accept")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: x\r\n\r\n", "Upgrade: websocket")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nno colon here\r\n\r\n", "no name")]
    [InlineData("HTTP/1.1 101 Switching", "closed the connection")]
    public async Task An_upgrade_answer_that_is_not_a_handshake_fails_the_connect_with_what_was_wrong(string answer, string expected)
    {
        using var server = new RawWebSocketServer();
        using var bound = new CancellationTokenSource(Bound);
        var accepted = server.AcceptAsync(bound.Token);
        var connecting = QixSession.OpenAsync(new QixSessionOptions { Url = server.Url }, bound.Token);
        using var peer = await accepted;
        await peer.ReadRequestAsync();
        await peer.WriteRawAsync(Encoding.ASCII.GetBytes(answer));
        peer.Dispose(); // a server that answered and hung up
        var error = await Assert.ThrowsAsync<WebSocketException>(() => connecting.WaitAsync(Bound));
        Assert.Contains(expected, error.Message);
    }

    [NotOnNetStandardFact(Connecting.UpgradeTests.RefusedUpgradeStatus)]
    public async Task A_refused_upgrade_is_a_QixConnectException_with_its_status()
    {
        using var server = new RawWebSocketServer();
        using var bound = new CancellationTokenSource(Bound);
        var accepted = server.AcceptAsync(bound.Token);
        var connecting = QixSession.OpenAsync(new QixSessionOptions { Url = new Uri(server.Url + "?qlikTicket=SECRET-1") }, bound.Token);
        using var peer = await accepted;
        await peer.ReadRequestAsync();
        await peer.WriteRawAsync(Encoding.ASCII.GetBytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
        var error = await Assert.ThrowsAsync<QixConnectException>(() => connecting.WaitAsync(Bound));
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.DoesNotContain("SECRET-1", error.Message);
        Assert.IsAssignableFrom<WebSocketException>(error.InnerException);
    }

    [Theory]
    [InlineData(new byte[] { 0xC1, 0x01, (byte)'x' }, QixReceiveMode.ThreadPool)] // RSV1 set without an extension
    [InlineData(new byte[] { 0xC1, 0x01, (byte)'x' }, QixReceiveMode.DedicatedThread)] // RSV1 set without an extension
    [InlineData(new byte[] { 0x83, 0x00 }, QixReceiveMode.ThreadPool)] // reserved opcode 3
    [InlineData(new byte[] { 0x83, 0x00 }, QixReceiveMode.DedicatedThread)] // reserved opcode 3
    [InlineData(new byte[] { 0x09, 0x00 }, QixReceiveMode.ThreadPool)] // a fragmented ping
    [InlineData(new byte[] { 0x09, 0x00 }, QixReceiveMode.DedicatedThread)] // a fragmented ping
    [InlineData(new byte[] { 0x81, 0x85, 1, 2, 3, 4, 0, 0, 0, 0, 0 }, QixReceiveMode.ThreadPool)] // a masked server frame
    [InlineData(new byte[] { 0x81, 0x85, 1, 2, 3, 4, 0, 0, 0, 0, 0 }, QixReceiveMode.DedicatedThread)] // a masked server frame
    public async Task A_frame_that_breaks_RFC_6455_ends_the_session_and_fails_its_calls(byte[] garbage, QixReceiveMode mode)
    {
        using var server = new RawWebSocketServer();
        var (session, peer) = await ConnectAsync(server, mode);
        await using (session)
        using (peer)
        {
            var pending = Call(session, "x");
            await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            await peer.WriteRawAsync(garbage);
            await Assert.ThrowsAsync<QixSessionClosedException>(() => pending.WaitAsync(Bound));
            Assert.False(session.IsOpen);
        }
    }

    [NotOnNetStandardFact(OwnUpgrade + "; ClientWebSocket refuses the value with its own ArgumentException (NetStandardBuildTests)")]
    public async Task Header_values_cannot_smuggle_a_second_header()
    {
        var options = new QixSessionOptions { Url = new Uri("ws://127.0.0.1:9/app/") };
        options.Headers["X-Qlik-User"] = "UserDirectory=a; UserId=b\r\nX-Injected: 1";
        using var server = new RawWebSocketServer();
        options.Url = server.Url;
        using var bound = new CancellationTokenSource(Bound);
        var accepted = server.AcceptAsync(bound.Token);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => QixSession.OpenAsync(options, bound.Token).WaitAsync(Bound));
        Assert.Contains("line break", error.Message);
    }

#if !QIXGEN_RUNTIME_NETSTANDARD // the netstandard2.0 build has no connection stream to hold a buffer, and holds one while waiting
    [Theory]
    [InlineData(QixReceiveMode.ThreadPool)]
    [InlineData(QixReceiveMode.DedicatedThread)]
    public async Task An_idle_session_holds_no_read_buffer(QixReceiveMode mode)
    {
        using var server = new RawWebSocketServer();
        WebSocketTransport? transport = null;
        var options = new QixSessionOptions
        {
            TransportFactory = async (o, token) =>
            {
                var direct = new QixSessionOptions { Url = o.Url, ReceiveMode = mode };
                var opened = await WebSocketTransport.ConnectAsync(direct, token);
                transport = (WebSocketTransport)opened;
                return opened;
            },
        };
        var (session, peer) = await ConnectAsync(server, mode, options);
        await using (session)
        using (peer)
        {
            var call = Call(session, "once");
            var (id, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(id, "once"));
            Assert.Equal("once", await call.WaitAsync(Bound));
            Assert.True(transport!.CanBatch);

            // The receive loop is back to waiting: the buffer went back to the pool with the last message.
            var deadline = DateTime.UtcNow + Bound;
            while (transport.HoldsReadBuffer && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.False(transport.HoldsReadBuffer);
        }
    }
#endif
}
