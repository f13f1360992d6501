using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Qix;
using QixGen.Errors;
using QixGen.Session;
using QixGen.Transport;
using Xunit;

namespace QixGen.Runtime.Tests.Connecting;

/// <summary>Greetings and notifications that mean "this session cannot be used" (docs/connecting.md's table).</summary>
public sealed class GreetingTests
{
    /// <summary>"It did not hang", not "it was fast": generous for a machine at load ~30 on 2 cores.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static string Notification(string method, string parameters) =>
        $"{{\"jsonrpc\":\"2.0\",\"method\":\"{method}\",\"params\":{parameters}}}";

    /// <summary>Starts a session with one call pending (never answered), sends the frame, and returns what the session said.</summary>
    private static async Task<(QixSessionRejectedException Connect, Exception Pending, QixSessionClosedEventArgs Closed, int? ClientCloseCode)> RefuseAsync(string frame)
    {
        var (session, engine) = ScriptedEngine.Start((_, _) => null);
        await using (engine)
        await using (session)
        {
            var closed = new TaskCompletionSource<QixSessionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            session.Closed += (_, e) => closed.TrySetResult(e);
            var pending = QixApi.GetGlobal(session).EngineVersionAsync();
            while (engine.Received.IsEmpty)
            {
                await Task.Delay(10);
            }

            await engine.SendAsync(frame);
            var connect = await Assert.ThrowsAsync<QixSessionRejectedException>(() => session.WaitForConnectedAsync(Bound));
            var pendingError = await Assert.ThrowsAsync<QixSessionRejectedException>(() => pending.WaitAsync(Bound));
            var closedArgs = await closed.Task.WaitAsync(Bound);
            var clientClose = await engine.Closed.Task.WaitAsync(Bound);
            Assert.False(session.IsOpen);
            // Later calls say the same.
            Assert.Same(connect, await Assert.ThrowsAsync<QixSessionRejectedException>(() => QixApi.GetGlobal(session).EngineVersionAsync()));
            return (connect, pendingError, closedArgs, clientClose);
        }
    }

    [Theory]
    [InlineData("SESSION_ERROR_NO_LICENSE")]
    [InlineData("SESSION_ERROR_LICENSE_RENEW")]
    [InlineData("SESSION_ERROR_LIMIT_EXCEEDED")]
    [InlineData("SESSION_ERROR_SECURITY_HEADER_CHANGED")]
    [InlineData("SESSION_ERROR_APP_ACCESS_DENIED")]
    [InlineData("SESSION_ERROR_APP_FAILURE")]
    [InlineData("SESSION_ACCESS_CONTROL_SETUP_FAILURE")] // an error state without the SESSION_ERROR prefix
    [InlineData("SESSION_ERROR_SOMETHING_NEWER")]
    public async Task OnConnected_with_an_error_state_fails_connect_pending_calls_and_shows_in_Closed(string state)
    {
        var (connect, pending, closed, clientClose) = await RefuseAsync(Notification("OnConnected", $"{{\"qSessionState\":\"{state}\"}}"));

        Assert.Equal("OnConnected", connect.Notification);
        Assert.Equal(state, connect.SessionState);
        Assert.Contains(state, connect.Message);
        Assert.Null(connect.CloseCode);
        Assert.Same(connect, pending);
        Assert.Same(connect, closed.Error);
        Assert.Equal(1000, clientClose);
    }

    [Fact]
    public async Task OnAuthenticationInformation_demanding_a_login_carries_the_login_uri()
    {
        var (connect, _, closed, _) = await RefuseAsync(Notification("OnAuthenticationInformation",
            "{\"loginUri\":\"https://qs.example/login?lang=en\",\"mustAuthenticate\":true}"));

        Assert.Equal("OnAuthenticationInformation", connect.Notification);
        Assert.Equal("https://qs.example/login?lang=en", connect.LoginUri);
        Assert.Contains("https://qs.example/login", connect.Message);
        Assert.Contains("mustAuthenticate", connect.Parameters);
        Assert.Same(connect, closed.Error);
    }

    [Fact]
    public async Task A_login_uri_quoting_a_ticket_is_redacted()
    {
        var (connect, _, _, _) = await RefuseAsync(Notification("OnAuthenticationInformation",
            "{\"loginUri\":\"https://qs.example/login?qlikTicket=abc123secret\",\"mustAuthenticate\":true}"));

        Assert.DoesNotContain("abc123secret", connect.LoginUri);
        Assert.DoesNotContain("abc123secret", connect.Message);
        Assert.DoesNotContain("abc123secret", connect.Parameters);
    }

    [Theory]
    [InlineData("OnLicenseAccessDenied")]
    [InlineData("OnNoEngineAvailable")]
    [InlineData("OnEngineWebsocketFailed")]
    [InlineData("OnSessionTimedOut")]
    [InlineData("OnMaxParallelSessionsExceeded")]
    [InlineData("OnSessionClosed")]
    [InlineData("OnSessionLoggedOut")]
    [InlineData("OnNoDataPrepServiceAvailable")]
    [InlineData("OnDataPrepServiceWebsocketFailed")]
    [InlineData("OnNoRepositoryAvailable")]
    [InlineData("OnRepositoryWebsocketFailed")]
    [InlineData("OnLicenseAccessDeniedPendingUserSync")]
    [InlineData("OnSomeFutureProxyMessage")]
    public async Task A_fatal_proxy_notification_fails_the_connect_with_its_data(string method)
    {
        var (connect, pending, closed, _) = await RefuseAsync(Notification(method,
            "{\"severity\":\"fatal\",\"timestamp\":\"2026-11-30T08:00:00Z\",\"message\":\"Proxy says no\"}"));

        Assert.Equal(method, connect.Notification);
        Assert.Equal("fatal", connect.Severity);
        Assert.Equal("Proxy says no", connect.NotificationMessage);
        Assert.Contains("Proxy says no", connect.Message);
        Assert.Contains("2026-11-30T08:00:00Z", connect.Parameters);
        Assert.Same(connect, pending);
        Assert.Same(connect, closed.Error);
    }

    /// <summary>Every proxy message docs/connecting.md lists as ending the session.</summary>
    public static TheoryData<string> SessionEndingProxyMessages() => new()
    {
        "OnLicenseAccessDenied", "OnNoEngineAvailable", "OnEngineWebsocketFailed", "OnSessionTimedOut", "OnMaxParallelSessionsExceeded",
        "OnSessionClosed", "OnSessionLoggedOut", "OnNoDataPrepServiceAvailable", "OnDataPrepServiceWebsocketFailed",
        "OnNoRepositoryAvailable", "OnRepositoryWebsocketFailed", "OnLicenseAccessDeniedPendingUserSync",
    };

    [Theory]
    [MemberData(nameof(SessionEndingProxyMessages))]
    public async Task The_proxy_messages_that_always_end_the_session_do_so_without_a_severity(string method)
    {
        var (connect, _, _, _) = await RefuseAsync(Notification(method, "{}"));
        Assert.Equal(method, connect.Notification);
        Assert.Null(connect.Severity);
    }

    [Fact]
    public async Task ConnectAsync_fails_at_once_with_the_rejection_instead_of_waiting_for_its_timeout()
    {
        var (client, engine) = ScriptedEngine.StartEngine((_, _) => null);
        await using (engine)
        {
            await engine.SendAsync(Notification("OnConnected", "{\"qSessionState\":\"SESSION_ERROR_LIMIT_EXCEEDED\"}"));
            var options = new QixSessionOptions { TransportFactory = (_, _) => new ValueTask<IQixTransport>(client) };
            // A connect timeout far beyond the test's bound: only failing at once passes.
            var error = await Assert.ThrowsAsync<QixSessionRejectedException>(
                () => QixSession.ConnectAsync(options, TimeSpan.FromHours(1)).WaitAsync(Bound));
            Assert.Equal("SESSION_ERROR_LIMIT_EXCEEDED", error.SessionState);
        }
    }

    [Fact]
    public async Task Informative_notifications_leave_the_session_usable()
    {
        var (session, engine) = ScriptedEngine.Start((request, _) => ScriptedEngine.Result(request, "{\"qVersion\":{\"qComponentVersion\":\"1\"}}"));
        await using (engine)
        await using (session)
        {
            var seen = new ConcurrentQueue<string>();
            session.NotificationReceived += (_, e) => seen.Enqueue(e.Method);
            await engine.SendAsync(Notification("OnAuthenticationInformation", "{\"userId\":\"u\",\"mustAuthenticate\":false}"));
            await engine.SendAsync(Notification("OnUsageWarning", "{\"severity\":\"warning\",\"message\":\"Running low\"}"));
            // Names gopherciser knows whose severity no source gives: they go by their severity.
            await engine.SendAsync(Notification("OnExcessLicenseAssignment", "{\"severity\":\"warning\"}"));
            await engine.SendAsync(Notification("OnNoPrintingServiceAvailable", "{\"severity\":\"notice\"}"));
            await engine.SendAsync(Notification("OnConnected", "{\"qSessionState\":\"SESSION_CREATED\"}"));
            Assert.Equal(QixSessionState.Created, await session.WaitForConnectedAsync(Bound));
            Assert.Equal("1", (await QixApi.GetGlobal(session).EngineVersionAsync().WaitAsync(Bound)).ComponentVersion);
            Assert.True(session.IsOpen);
            Assert.Equal(5, seen.Count);
        }
    }
}
