using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using QixGen.Auth;
using QixGen.Errors;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests.Connecting;

/// <summary>
/// Through a virtual proxy prefix (<c>ws(s)://host/&lt;prefix&gt;/app/&lt;GUID&gt;</c>): header authentication, and a
/// one-time ticket answered with the proxy's session cookie. A loopback Kestrel server plays the proxy and checks
/// the path, the header, the ticket and the cookie as the Qlik proxy does.
/// </summary>
public sealed class VirtualProxyTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private const string AppId = "3f1c2b7e-0d6a-4b8e-9a51-2c4d6e8f0a1b";

    private static async Task GreetAndHold(ServerSocket socket, string state)
    {
        await socket.SendConnectedAsync(state);
        while (await socket.ReceiveAsync() is not null)
        {
        }
    }

    private static Uri ProxyUrl(WebSocketTestServer server, string prefix, params KeyValuePair<string, string>[] parameters)
    {
        var builder = new QixUrlBuilder { Host = "127.0.0.1", Port = server.Url.Port, Secure = false, Prefix = prefix, AppId = AppId };
        foreach (var parameter in parameters)
        {
            builder.UrlParams.Add(parameter);
        }

        return builder.Build();
    }

    [Fact]
    public async Task Header_authentication_through_the_prefix()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await WebSocketTestServer.StartAsync(socket => GreetAndHold(socket, "SESSION_CREATED"), context =>
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

        var url = ProxyUrl(server, "hdr");
        Assert.Equal($"ws://127.0.0.1:{server.Url.Port}/hdr/app/{AppId}", url.ToString());
        await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = url }.UseHeaderAuthentication("X-Qlik-HeaderAuth", "jdoe"), Bound);
        Assert.True(session.IsOpen);

        // Without the header the proxy says 401, with a wrong prefix 404: both explained.
        var unauthenticated = await Assert.ThrowsAsync<QixConnectException>(() => QixSession.ConnectAsync(new QixSessionOptions { Url = url }, Bound).WaitAsync(Bound));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        var wrongPrefix = await Assert.ThrowsAsync<QixConnectException>(() => QixSession.ConnectAsync(new QixSessionOptions { Url = ProxyUrl(server, "other") }.UseHeaderAuthentication("X-Qlik-HeaderAuth", "jdoe"), Bound).WaitAsync(Bound));
        Assert.Contains("virtual proxy prefix", wrongPrefix.Hint);
        Assert.Contains($"/hdr/app/{AppId} jdoe", seen);
    }

    [Fact]
    public async Task A_ticket_through_the_prefix_then_the_proxy_cookie_on_resume()
    {
        var upgrades = new ConcurrentQueue<string>();
        var connections = 0;
        await using var server = await WebSocketTestServer.StartAsync(
            socket => GreetAndHold(socket, System.Threading.Interlocked.Increment(ref connections) == 1 ? "SESSION_CREATED" : "SESSION_ATTACHED"),
            context =>
            {
                var ticket = context.Request.Query["qlikTicket"].ToString();
                var cookie = context.Request.Cookies["X-Qlik-Session-tkt"];
                upgrades.Enqueue($"{context.Request.Path} ticket={ticket} cookie={cookie}");
                if (context.Request.Path != $"/tkt/app/{AppId}")
                {
                    context.Response.StatusCode = 404;
                    return false;
                }

                if (ticket == "T-ONCE" && upgrades.Count == 1)
                {
                    // The virtual proxy's session cookie is named after the proxy (X-Qlik-Session-<prefix>).
                    context.Response.Headers.Append("Set-Cookie", "X-Qlik-Session-tkt=s3ss10n; Path=/tkt; HttpOnly");
                    return true;
                }

                if (ticket.Length == 0 && cookie == "s3ss10n")
                {
                    return true;
                }

                context.Response.StatusCode = 401;
                return false;
            });

        await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = ProxyUrl(server, "tkt", new KeyValuePair<string, string>("qlikTicket", "T-ONCE")) }, Bound);
        await session.SuspendAsync();
        Assert.Equal(QixSessionState.Attached, await session.ResumeAsync().WaitAsync(Bound));

        Assert.Equal(new[] { $"/tkt/app/{AppId} ticket=T-ONCE cookie=", $"/tkt/app/{AppId} ticket= cookie=s3ss10n" }, upgrades);
    }
}
