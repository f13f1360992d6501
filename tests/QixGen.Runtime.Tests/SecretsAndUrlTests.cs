using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Qix;
using QixGen.Auth;
using QixGen.Session;
using QixGen.Traffic;
using Xunit;

namespace QixGen.Runtime.Tests;

public sealed class SecretsAndUrlTests
{
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.secret-token-body.signature";
    private const string Ticket = "TICKET-9f8e7d6c";
    private const string UserId = "jane.secret";

    [Fact]
    public async Task Secrets_never_appear_in_the_trace_log_or_a_recording()
    {
        var options = new QixSessionOptions { Url = new Uri($"wss://sense.example.com/app/engineData?qlikTicket={Ticket}") }
            .UseBearerToken(Token);
        options.Headers["X-Qlik-User"] = QixAuthentication.QlikUserHeader("CORP", UserId);
        var log = new ListLogger();
        options.Logger = log;

        var (session, engine) = ScriptedEngine.Start((request, _) =>
            ScriptedEngine.Result(request, $"{{\"qReturn\":\"UserDirectory=CORP; UserId={UserId}\"}}"), options);
        var recording = new StringWriter();
        await using (engine)
        await using (session)
        using (TrafficRecorder.Start(session, recording))
        {
            await engine.SendAsync($"{{\"jsonrpc\":\"2.0\",\"method\":\"OnAuthenticationInformation\",\"params\":{{\"userId\":\"{UserId}\",\"ticket\":\"{Ticket}\"}}}}");
            var global = QixApi.GetGlobal(session);
            Assert.Equal($"UserDirectory=CORP; UserId={UserId}", await global.GetAuthenticatedUserAsync());
            await global.OpenDocAsync("app.qvf", userName: UserId, password: Token).ContinueWith(_ => { });
        }

        var logText = string.Join("\n", log.Lines);
        Assert.Contains("GetAuthenticatedUser", logText); // frames are logged...
        Assert.Contains(SecretRedactor.Mask, logText);
        foreach (var secret in new[] { Token, Ticket, UserId, "secret-token-body" })
        {
            Assert.DoesNotContain(secret, logText); // ...without secrets
            Assert.DoesNotContain(secret, recording.ToString());
        }

        Assert.Contains("OpenDoc", recording.ToString());
    }

    [Theory]
    // Expected values are enigma.js 2.15.0's SenseUtilities.buildUrl output for the same configuration.
    [InlineData(null, null, true, null, null, null, null, null, null, "wss://localhost/app/engineData")]
    [InlineData("sense.example.com", null, true, null, null, null, "abc-123", null, null, "wss://sense.example.com/app/abc-123")]
    [InlineData("sense.example.com", 4747, false, null, null, null, "My App/ä", null, null, "ws://sense.example.com:4747/app/My%20App%2F%C3%A4")]
    [InlineData("h", null, true, "/header/", null, null, "a", null, null, "wss://h/header/app/a")]
    [InlineData("h", null, true, "vp", "/sub/", "/custom/route/", "ignored", null, null, "wss://h/vp/sub/custom/route")]
    [InlineData("h", null, true, null, null, null, "a", "id 1", 30, "wss://h/app/a/identity/id%201/ttl/30")]
    [InlineData("h", 0, true, "/", null, null, null, null, 0, "wss://h//app/engineData")]
    public void Url_builder_matches_enigma_js(string? host, int? port, bool secure, string? prefix, string? subpath, string? route, string? appId, string? identity, int? ttl, string expected)
    {
        var builder = new QixUrlBuilder { Host = host, Port = port, Secure = secure, Prefix = prefix, Subpath = subpath, Route = route, AppId = appId, Identity = identity, Ttl = ttl };
        Assert.Equal(expected, builder.BuildString());
    }

    [Fact]
    public void Url_builder_encodes_query_parameters_like_enigma_js()
    {
        var builder = new QixUrlBuilder { Host = "h" };
        builder.UrlParams.Add(new("qlikTicket", "T1"));
        builder.UrlParams.Add(new("reloadUri", "https://x/y?z=1"));
        Assert.Equal("wss://h/app/engineData?qlikTicket=T1&reloadUri=https%3A%2F%2Fx%2Fy%3Fz%3D1", builder.BuildString());
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
    }
}
