using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using QixGen.Auth;
using QixGen.Errors;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests.Connecting;

/// <summary>
/// Through a virtual proxy prefix (<c>ws(s)://host/&lt;prefix&gt;/app/&lt;GUID&gt;</c>) with header authentication: a
/// loopback Kestrel server plays the proxy and checks the path and the header as the Qlik proxy does. The ticket
/// through a prefix is <see cref="UpgradeTests"/>' ticket test.
/// </summary>
public sealed class VirtualProxyTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private const string AppId = "3f1c2b7e-0d6a-4b8e-9a51-2c4d6e8f0a1b";

    private static Uri ProxyUrl(WebSocketTestServer server, string prefix) =>
        new QixUrlBuilder { Host = "127.0.0.1", Port = server.Url.Port, Secure = false, Prefix = prefix, AppId = AppId }.Build();

    /// <summary>A proxy that wants header authentication on the prefix <c>hdr</c>: 404 for another prefix, 401 without the header.</summary>
    private static Task<WebSocketTestServer> StartProxyAsync(ConcurrentQueue<string> seen) =>
        WebSocketTestServer.StartAsync(socket => UpgradeTests.GreetAndHold(socket, "SESSION_CREATED"), context =>
        {
            seen.Enqueue($"{context.Request.Path} {context.Request.Headers["X-Qlik-HeaderAuth"]}");
            if (context.Request.Path != $"/hdr/app/{AppId}")
            {
                context.Response.StatusCode = 404; // another prefix: no such virtual proxy
                return false;
            }

            if (context.Request.Headers["X-Qlik-HeaderAuth"] != "jdoe")
            {
                context.Response.StatusCode = 401;
                return false;
            }

            return true;
        });

    [Fact]
    public async Task Header_authentication_through_the_prefix()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await StartProxyAsync(seen);

        var url = ProxyUrl(server, "hdr");
        Assert.Equal($"ws://127.0.0.1:{server.Url.Port}/hdr/app/{AppId}", url.ToString());
        await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = url }.UseHeaderAuthentication("X-Qlik-HeaderAuth", "jdoe"), Bound);
        Assert.True(session.IsOpen);
        Assert.Contains($"/hdr/app/{AppId} jdoe", seen);
    }

    [NotOnNetStandardFact(UpgradeTests.RefusedUpgradeStatus)]
    public async Task Without_the_header_or_through_another_prefix_the_refusal_is_explained()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await StartProxyAsync(seen);
        var url = ProxyUrl(server, "hdr");

        // Without the header the proxy says 401, with a wrong prefix 404: both explained.
        var unauthenticated = await Assert.ThrowsAsync<QixConnectException>(() => QixSession.ConnectAsync(new QixSessionOptions { Url = url }, Bound).WaitAsync(Bound));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        var wrongPrefix = await Assert.ThrowsAsync<QixConnectException>(() => QixSession.ConnectAsync(new QixSessionOptions { Url = ProxyUrl(server, "other") }.UseHeaderAuthentication("X-Qlik-HeaderAuth", "jdoe"), Bound).WaitAsync(Bound));
        Assert.Contains("virtual proxy prefix", wrongPrefix.Hint);
        Assert.Contains($"/other/app/{AppId} jdoe", seen);
    }
}
