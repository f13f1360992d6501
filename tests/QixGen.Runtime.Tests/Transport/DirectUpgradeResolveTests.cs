using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Session;
using QixGen.Transport;
using Xunit;

namespace QixGen.Runtime.Tests.Transport;

/// <summary>
/// The receive-thread path resolves the host before its blocking connect, asynchronously and within the caller's
/// token, then connects to the addresses in the resolver's order. A resolver that hangs cannot be simulated here
/// (the system resolver is not ours to stall): these tests cover IP literals, a name, and cancellation.
/// Bounds only say "it did not hang".
/// </summary>
public sealed class DirectUpgradeResolveTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("ws://127.0.0.1:4848/app", "127.0.0.1")]
    [InlineData("ws://[::1]:4848/app", "::1")]
    public async Task An_IP_literal_is_its_own_address_without_a_lookup(string url, string address)
    {
        // A cancelled token proves no lookup was awaited: a lookup would end cancelled.
        var addresses = await DirectUpgrade.ResolveAsync(new Uri(url), new CancellationToken(canceled: true));
        Assert.Equal(new[] { IPAddress.Parse(address) }, addresses);
    }

    [Fact]
    public async Task A_name_resolves_to_the_systems_addresses_in_its_order()
    {
        var addresses = await DirectUpgrade.ResolveAsync(new Uri("ws://localhost:4848/app"), CancellationToken.None).WaitAsync(Bound);
        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.True(IPAddress.IsLoopback(a), a.ToString()));
        Assert.Equal((await Dns.GetHostAddressesAsync("localhost")).AsEnumerable(), addresses);
    }

    [Fact]
    public async Task A_lookup_with_a_cancelled_token_ends_cancelled()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DirectUpgrade.ResolveAsync(new Uri("ws://localhost:4848/app"), new CancellationToken(canceled: true)).WaitAsync(Bound));
    }

    [Fact]
    public async Task A_session_on_the_receive_thread_connects_by_name_trying_each_address_in_turn()
    {
        // The server listens on 127.0.0.1 only: where "localhost" gives ::1 first, that connect is refused and the
        // next address is tried.
        using var server = new RawWebSocketServer();
        var byName = new UriBuilder(server.Url) { Host = "localhost" }.Uri;
        var options = new QixSessionOptions
        {
            TransportFactory = (o, token) => WebSocketTransport.ConnectAsync(new QixSessionOptions { Url = byName, ReceiveMode = QixReceiveMode.DedicatedThread }, token),
        };
        var (session, peer) = await server.ConnectSessionAsync(options, Bound);
        await using (session)
        using (peer)
        {
            var call = EchoCalls.Call(session, "Echo", "by name");
            var (id, _) = await peer.ReadRequestFrameAsync().WaitAsync(Bound);
            await peer.SendTextAsync(RawWebSocketPeer.Answer(id, "by name"));
            Assert.Equal("by name", await call.WaitAsync(Bound));
        }
    }

    [Fact]
    public async Task Connecting_on_the_receive_thread_with_a_cancelled_token_ends_cancelled()
    {
        using var server = new RawWebSocketServer();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            WebSocketTransport.ConnectAsync(new QixSessionOptions { Url = server.Url, ReceiveMode = QixReceiveMode.DedicatedThread }, new CancellationToken(canceled: true)).AsTask().WaitAsync(Bound));
    }
}
