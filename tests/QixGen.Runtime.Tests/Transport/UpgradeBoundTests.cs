using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests.Transport;

/// <summary>
/// A server that accepts the connection and reads the upgrade request but never answers it, on both paths (the
/// netstandard2.0 build has only ClientWebSocket): the connect ends at 30 s without a token of the caller's, and at
/// the caller's token when it comes first.
/// </summary>
public sealed class UpgradeBoundTests
{
    /// <summary>"It did not hang", not "it was fast": well past the 30 s bound, for a loaded 2-core machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    /// <summary>Starts a connect and waits until the server has read its upgrade request (which it never answers).</summary>
    private static async Task<(Task<QixSession> Connect, RawWebSocketPeer Peer)> StartUnansweredAsync(RawWebSocketServer server, bool useClientWebSocket, CancellationToken cancellationToken)
    {
        using var accepting = new CancellationTokenSource(Bound);
        var accepted = server.AcceptAsync(accepting.Token);
        var connect = QixSession.OpenAsync(new QixSessionOptions { Url = server.Url, UseClientWebSocket = useClientWebSocket }, cancellationToken);
        var peer = await accepted.WaitAsync(Bound);
        await peer.ReadRequestAsync().WaitAsync(Bound);
        return (connect, peer);
    }

    [Fact]
    public async Task Without_a_token_an_unanswered_upgrade_fails_with_a_QixTimeoutException_after_30_s()
    {
        using var server = new RawWebSocketServer();
        var peers = new List<RawWebSocketPeer>();
        try
        {
            // Both paths at once: one wait of the bound.
            var connects = new List<Task<QixSession>>();
            foreach (var useClientWebSocket in new[] { false, true })
            {
                var (connect, peer) = await StartUnansweredAsync(server, useClientWebSocket, CancellationToken.None);
                connects.Add(connect);
                peers.Add(peer);
            }

            foreach (var connect in connects)
            {
                var error = await Assert.ThrowsAsync<QixTimeoutException>(() => connect.WaitAsync(Bound));
                Assert.Equal("the WebSocket upgrade", error.Operation);
                Assert.Equal(TimeSpan.FromSeconds(30), error.Timeout);
            }
        }
        finally
        {
            peers.ForEach(peer => peer.Dispose());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_callers_token_ends_an_unanswered_upgrade_as_a_cancellation(bool useClientWebSocket)
    {
        using var server = new RawWebSocketServer();
        using var cancel = new CancellationTokenSource();
        var (connect, peer) = await StartUnansweredAsync(server, useClientWebSocket, cancel.Token);
        using (peer)
        {
            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.WaitAsync(Bound));
        }
    }
}
