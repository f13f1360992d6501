using System;
using System.Linq;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Session;
using QixGen.Testing.Hosting;
using QixGen.Transport;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Runtime.Tests;

/// <summary>
/// What holds for the netstandard2.0 build only: that it is the build under test (the guard of this project), and
/// what it does instead of what the net8.0 build's tests skipped here check (NotOnNetStandardFact/Theory).
/// </summary>
public sealed class NetStandardBuildTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private readonly ITestOutputHelper _output;

    public NetStandardBuildTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task The_runtime_under_test_is_the_netstandard2_0_build_and_the_only_one_loaded()
    {
        var runtime = typeof(QixSession).Assembly;
        _output.WriteLine($"{runtime.FullName} from {runtime.Location}: {RuntimeBuild.TargetFramework}");
        Assert.Equal(".NETStandard,Version=v2.0", RuntimeBuild.TargetFramework);
        Assert.True(RuntimeBuild.IsNetStandard);

        // The simulator (built for net8.0, against the net8.0 build) implements the interface of this same assembly.
        await using var simulator = new QixEngineSimulator();
        var transport = simulator.ConnectInMemory();
        Assert.Same(runtime, transport.GetType().GetInterfaces().Single(i => i.FullName == typeof(IQixTransport).FullName).Assembly);

        var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "QixGen.Runtime").ToList();
        Assert.Equal(new[] { runtime }, loaded);
    }

    [Fact]
    public async Task A_custom_server_certificate_check_is_refused_before_connecting_and_says_why()
    {
        using var key = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow;
        using var root = new CertificateRequest("CN=QixGen Test CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        // Port 9 (discard): nothing listens; the refusal must come before any connection is tried.
        var options = new QixSessionOptions { Url = new Uri("wss://127.0.0.1:9/app/engineData") }.TrustRoot(root);

        var error = await Assert.ThrowsAsync<PlatformNotSupportedException>(() => QixSession.ConnectAsync(options, Bound).WaitAsync(Bound));

        Assert.Contains("RemoteCertificateValidationCallback", error.Message);
    }

    [Fact]
    public async Task A_refused_upgrade_is_a_WebSocketException_with_the_status_and_without_the_ticket()
    {
        await using var server = await WebSocketTestServer.StartAsync(_ => Task.CompletedTask, context =>
        {
            context.Response.StatusCode = 401;
            return false;
        });
        var options = new QixSessionOptions { Url = new Uri(server.Url + "?qlikTicket=SECRET-TICKET-42") };

        var error = await Assert.ThrowsAsync<WebSocketException>(() => QixSession.ConnectAsync(options, Bound).WaitAsync(Bound));

        Assert.Contains("401", error.Message);
        Assert.DoesNotContain("SECRET-TICKET-42", error.ToString());
    }

    [Fact]
    public async Task A_header_value_with_a_line_break_is_refused_before_anything_is_sent()
    {
        using var server = new RawWebSocketServer();
        var options = new QixSessionOptions { Url = server.Url };
        options.Headers["X-Qlik-User"] = "UserDirectory=a; UserId=b\r\nX-Injected: 1";
        using var bound = new CancellationTokenSource(Bound);
        var accepted = server.AcceptAsync(bound.Token);

        await Assert.ThrowsAsync<ArgumentException>(() => QixSession.OpenAsync(options, bound.Token).WaitAsync(Bound));

        await Task.Delay(200);
        Assert.False(accepted.IsCompleted); // not even connected
    }
}
