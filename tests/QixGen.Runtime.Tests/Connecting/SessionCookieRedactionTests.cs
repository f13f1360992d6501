using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Qix;
using QixGen.Errors;
using QixGen.Session;
using QixGen.Traffic;
using Xunit;

namespace QixGen.Runtime.Tests.Connecting;

/// <summary>
/// The cookies the proxy sets on the upgrade (its X-Qlik-Session cookie, kept by the session for resumes) are
/// secrets: masked in logs, traffic recordings and exceptions, also after a resume renewed them.
/// </summary>
public sealed class SessionCookieRedactionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private const string FirstCookie = "c0ffee-proxy-session-4711";
    private const string RenewedCookie = "renewed-proxy-session-0815";

    /// <summary>
    /// A proxy that sets its session cookie on each upgrade (a new value on the second) and an engine that quotes
    /// the cookie it was sent in every error answer and in a notification: the worst case of a server echoing it.
    /// </summary>
    private static Task<WebSocketTestServer> StartProxyAsync()
    {
        var upgrades = 0;
        return WebSocketTestServer.StartAsync(
            async socket =>
            {
                var cookie = socket.Context.Request.Cookies["X-Qlik-Session"] ?? (upgrades == 1 ? FirstCookie : RenewedCookie);
                await socket.SendConnectedAsync(upgrades == 1 ? "SESSION_CREATED" : "SESSION_ATTACHED");
                await socket.SendAsync($$$"""{"jsonrpc":"2.0","method":"OnUsageInfo","params":{"severity":"notice","message":"proxy session {{{cookie}}}"}}""");
                while (await socket.ReceiveAsync() is { } request)
                {
                    var id = JsonDocument.Parse(request).RootElement.GetProperty("id").GetInt32();
                    await socket.SendAsync($$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":2,"parameter":"X-Qlik-Session={{{cookie}}}","message":"No session {{{cookie}}}"}}""");
                }
            },
            context =>
            {
                var count = Interlocked.Increment(ref upgrades);
                context.Response.Headers.Append("Set-Cookie", $"X-Qlik-Session={(count == 1 ? FirstCookie : RenewedCookie)}; Path=/; HttpOnly");
                return true;
            });
    }

    [Theory]
    [InlineData(false)] // the session keeps the cookies in a container of its own (the default)
    [InlineData(true)] // in the CookieContainer the user gave
    public async Task The_proxy_session_cookie_is_masked_in_logs_recordings_and_exceptions_also_after_a_resume(bool userContainer)
    {
        await using var server = await StartProxyAsync();
        var logger = new CapturingLogger();
        var recording = new StringWriter();
        var options = new QixSessionOptions { Url = server.Url, Logger = logger, Cookies = userContainer ? new System.Net.CookieContainer() : null };
        await using var session = await QixSession.ConnectAsync(options, Bound);
        using (TrafficRecorder.Start(session, recording))
        {
            var first = await Assert.ThrowsAsync<QixEngineException>(() => session.GetGlobal().EngineVersionAsync().WaitAsync(Bound));

            await session.SuspendAsync();
            Assert.Equal(QixSessionState.Attached, await session.ResumeAsync().WaitAsync(Bound));
            var renewed = await Assert.ThrowsAsync<QixEngineException>(() => session.GetGlobal().EngineVersionAsync().WaitAsync(Bound));

            foreach (var error in new[] { first, renewed })
            {
                Assert.DoesNotContain(FirstCookie, error.Message + error.EngineMessage + error.Parameter);
                Assert.DoesNotContain(RenewedCookie, error.Message + error.EngineMessage + error.Parameter);
                Assert.Contains(SecretRedactor.Mask, error.Message);
            }

            Assert.Equal("X-Qlik-Session=" + SecretRedactor.Mask, first.Parameter);
            Assert.Equal("X-Qlik-Session=" + SecretRedactor.Mask, renewed.Parameter);
        }

        var recorded = recording.ToString();
        var logged = string.Join("\n", logger.Entries.Select(e => e.Text));
        Assert.Contains("No session " + SecretRedactor.Mask, recorded); // the error frames were recorded, masked
        Assert.Contains("No session " + SecretRedactor.Mask, logged); // and logged (Trace), masked
        foreach (var text in new[] { recorded, logged })
        {
            Assert.DoesNotContain(FirstCookie, text);
            Assert.DoesNotContain(RenewedCookie, text);
        }
    }
}
