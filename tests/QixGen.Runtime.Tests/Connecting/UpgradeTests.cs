using System;
using System.Collections.Concurrent;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using QixGen.Errors;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests.Connecting;

/// <summary>The upgrade against a loopback Kestrel server, on both WebSocket paths: the proxy's session cookie is kept, a refused upgrade is explained.</summary>
public sealed class UpgradeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    /// <summary>Why a refused upgrade is no QixConnectException in the netstandard2.0 build.</summary>
    internal const string RefusedUpgradeStatus = "the status of a refused upgrade (ClientWebSocket.HttpStatusCode is .NET 7 and later), so no QixConnectException: the WebSocketException stands (NetStandardBuildTests)";

    /// <summary>An engine that greets each connection and keeps it open until the client closes.</summary>
    internal static async Task GreetAndHold(ServerSocket socket, string state)
    {
        await socket.SendConnectedAsync(state);
        while (await socket.ReceiveAsync() is not null)
        {
        }
    }

    [Theory]
    [InlineData(null, false)] // straight to the proxy's default path
    [InlineData(null, true)]
    [InlineData("tkt", false)] // through a virtual proxy prefix: ws://host/tkt/app/<GUID>
    [InlineData("tkt", true)]
    [InlineData("tkt", false, true)] // the direct path with a receive thread (the others: the thread pool, whatever Auto would pick)
    public async Task The_proxy_cookie_of_the_ticket_upgrade_is_sent_on_resume_and_the_spent_ticket_is_not(string? prefix, bool useClientWebSocket, bool receiveThread = false)
    {
        const string appId = "3f1c2b7e-0d6a-4b8e-9a51-2c4d6e8f0a1b";
        var upgrades = new ConcurrentQueue<string>();
        var connections = 0;
        string? expectedPath = null;
        await using var server = await WebSocketTestServer.StartAsync(
            socket => GreetAndHold(socket, System.Threading.Interlocked.Increment(ref connections) == 1 ? "SESSION_CREATED" : "SESSION_ATTACHED"),
            context =>
            {
                var ticket = context.Request.Query["qlikTicket"].ToString();
                var cookie = context.Request.Cookies["X-Qlik-Session"];
                upgrades.Enqueue($"{context.Request.Path} ticket={ticket} cookie={cookie}");
                if (context.Request.Path != expectedPath)
                {
                    context.Response.StatusCode = 404; // no such virtual proxy or app
                    return false;
                }

                if (ticket == "T1" && upgrades.Count == 1)
                {
                    // The proxy spends the ticket and answers with its session cookie on the 101.
                    context.Response.Headers.Append("Set-Cookie", "X-Qlik-Session=abc123; Path=/; HttpOnly");
                    return true;
                }

                if (ticket.Length == 0 && cookie == "abc123")
                {
                    return true;
                }

                context.Response.StatusCode = 401; // a replayed ticket, or no session cookie
                return false;
            });

        Uri url;
        if (prefix is null)
        {
            url = new Uri(server.Url + "?qlikTicket=T1&reloadUri=x");
        }
        else
        {
            var builder = new QixGen.Auth.QixUrlBuilder { Host = "127.0.0.1", Port = server.Url.Port, Secure = false, Prefix = prefix, AppId = appId };
            builder.UrlParams.Add(new("qlikTicket", "T1"));
            builder.UrlParams.Add(new("reloadUri", "x"));
            url = builder.Build();
        }

        expectedPath = url.AbsolutePath;
        await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = url, UseClientWebSocket = useClientWebSocket, ReceiveMode = receiveThread ? QixReceiveMode.DedicatedThread : QixReceiveMode.ThreadPool }, Bound);
        await session.SuspendAsync();
        Assert.Equal(QixSessionState.Attached, await session.ResumeAsync().WaitAsync(Bound));

        Assert.Equal(prefix is null ? "/app/engineData" : $"/tkt/app/{appId}", expectedPath);
        Assert.Equal(new[] { $"{expectedPath} ticket=T1 cookie=", $"{expectedPath} ticket= cookie=abc123" }, upgrades);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(false, true)]
    public async Task A_cookie_container_the_user_gave_is_the_one_used_and_filled(bool useClientWebSocket, bool receiveThread = false)
    {
        await using var server = await WebSocketTestServer.StartAsync(socket => GreetAndHold(socket, "SESSION_CREATED"), context =>
        {
            context.Response.Headers.Append("Set-Cookie", "X-Qlik-Session=fromProxy; Path=/");
            return true;
        });
        var cookies = new CookieContainer();
        await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = server.Url, Cookies = cookies, UseClientWebSocket = useClientWebSocket, ReceiveMode = receiveThread ? QixReceiveMode.DedicatedThread : QixReceiveMode.ThreadPool }, Bound);

        var http = new UriBuilder(server.Url) { Scheme = "http" }.Uri;
        Assert.Equal("fromProxy", cookies.GetCookies(http)["X-Qlik-Session"]?.Value);
    }

    [NotOnNetStandardTheory(RefusedUpgradeStatus)]
    [InlineData(401, "Authentication")]
    [InlineData(403, "Authorization")]
    [InlineData(404, "virtual proxy prefix")]
    [InlineData(500, "Server side")]
    [InlineData(503, "Server side")]
    public async Task A_refused_upgrade_is_a_QixConnectException_with_the_status_and_a_hint(int status, string hint)
    {
        await using var server = await WebSocketTestServer.StartAsync(_ => Task.CompletedTask, context =>
        {
            context.Response.StatusCode = status;
            return false;
        });
        var url = new Uri(server.Url + "?qlikTicket=SECRET-TICKET-42");

        // The direct path on the thread pool and with a receive thread (its blocking connect), and ClientWebSocket.
        foreach (var (useClientWebSocket, receiveMode) in new[] { (false, QixReceiveMode.ThreadPool), (false, QixReceiveMode.DedicatedThread), (true, QixReceiveMode.Auto) })
        {
            var options = new QixSessionOptions { Url = url, UseClientWebSocket = useClientWebSocket, ReceiveMode = receiveMode };
            var error = await Assert.ThrowsAsync<QixConnectException>(() => QixSession.ConnectAsync(options, Bound).WaitAsync(Bound));

            Assert.Equal((HttpStatusCode)status, error.StatusCode);
            Assert.Contains(hint, error.Hint);
            Assert.Contains(hint, error.Message);
            Assert.Contains($"HTTP {status}", error.Message);
            Assert.DoesNotContain("SECRET-TICKET-42", error.Message);
            Assert.IsAssignableFrom<System.Net.WebSockets.WebSocketException>(error.InnerException);
        }
    }
}
