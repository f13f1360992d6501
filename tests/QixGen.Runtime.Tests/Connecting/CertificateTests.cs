using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using QixGen.Errors;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests.Connecting;

/// <summary>
/// Enterprise straight to the engine: a loopback wss:// server with a CA, server and client certificates made here,
/// root.pem as the only trust anchor, the client certificate and X-Qlik-User checked by the server.
/// </summary>
public sealed class CertificateTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    /// <summary>Every test here trusts root.pem through a custom server certificate check.</summary>
    private const string CertificateCheck = "a custom server certificate check (ClientWebSocketOptions.RemoteCertificateValidationCallback is .NET Core 2.1 and later); the connect says so with PlatformNotSupportedException (NetStandardBuildTests)";

    private sealed record Pki(X509Certificate2 Root, X509Certificate2 Server, X509Certificate2 Client, X509Certificate2 ExpiredServer);

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, DateTimeOffset from, DateTimeOffset to, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") }, false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback); // 127.0.0.1 only: "localhost" is a host name mismatch
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(ca, from, to, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static Pki MakePki()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=QixGen Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddDays(-30), now.AddDays(30));
        return new Pki(
            X509CertificateLoader.LoadCertificate(ca.Export(X509ContentType.Cert)),
            Issue(ca, "CN=127.0.0.1", now.AddDays(-1), now.AddDays(10), server: true),
            Issue(ca, "CN=QlikClient", now.AddDays(-1), now.AddDays(10), server: false),
            Issue(ca, "CN=127.0.0.1", now.AddDays(-20), now.AddDays(-10), server: true));
    }

    private static Task<WebSocketTestServer> StartEngineAsync(Pki pki, X509Certificate2 serverCertificate, Action<string?, X509Certificate2?>? seen = null) =>
        WebSocketTestServer.StartAsync(
            async socket =>
            {
                await socket.SendConnectedAsync();
                while (await socket.ReceiveAsync() is not null)
                {
                }
            },
            context =>
            {
                seen?.Invoke(context.Request.Headers["X-Qlik-User"].ToString(), context.Connection.ClientCertificate);
                return true;
            },
            listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = serverCertificate;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                // The engine accepts only client certificates issued by its CA.
                https.ClientCertificateValidation = (certificate, _, _) => certificate.Issuer == pki.Root.Subject;
            }));

    [NotOnNetStandardTheory(CertificateCheck)]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(false, true)]
    public async Task Direct_to_the_engine_with_the_client_certificate_root_pem_and_X_Qlik_User(bool useClientWebSocket, bool receiveThread = false)
    {
        var pki = MakePki();
        string? header = null;
        X509Certificate2? clientCertificate = null;
        await using var server = await StartEngineAsync(pki, pki.Server, (h, c) => (header, clientCertificate) = (h, c));
        var options = new QixSessionOptions { Url = server.Url, UseClientWebSocket = useClientWebSocket, ReceiveMode = receiveThread ? QixReceiveMode.DedicatedThread : QixReceiveMode.ThreadPool }
            .UseClientCertificate(pki.Client, "internal", "sa_engine")
            .TrustRoot(pki.Root);

        await using var session = await QixSession.ConnectAsync(options, Bound);

        Assert.Equal("UserDirectory=internal; UserId=sa_engine", header);
        Assert.Equal(pki.Client.Thumbprint, clientCertificate?.Thumbprint);
    }

    [NotOnNetStandardTheory(CertificateCheck)]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(false, true)]
    public async Task Without_the_root_the_rejection_says_untrusted_chain(bool useClientWebSocket, bool receiveThread = false)
    {
        var pki = MakePki();
        await using var server = await StartEngineAsync(pki, pki.Server);
        var options = new QixSessionOptions { Url = server.Url, UseClientWebSocket = useClientWebSocket, ReceiveMode = receiveThread ? QixReceiveMode.DedicatedThread : QixReceiveMode.ThreadPool }.UseClientCertificate(pki.Client, "internal", "sa_engine");

        var error = await Assert.ThrowsAsync<QixCertificateException>(() => QixSession.ConnectAsync(options, Bound).WaitAsync(Bound));
        Assert.Contains("untrusted chain", error.Message);
        Assert.Contains("TrustRoot", error.Message);
    }

    [NotOnNetStandardTheory(CertificateCheck)]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(false, true)]
    public async Task A_host_the_certificate_does_not_name_is_a_host_name_mismatch(bool useClientWebSocket, bool receiveThread = false)
    {
        var pki = MakePki();
        await using var server = await StartEngineAsync(pki, pki.Server);
        var options = new QixSessionOptions { Url = new UriBuilder(server.Url) { Host = "localhost" }.Uri, UseClientWebSocket = useClientWebSocket, ReceiveMode = receiveThread ? QixReceiveMode.DedicatedThread : QixReceiveMode.ThreadPool }
            .UseClientCertificate(pki.Client, "internal", "sa_engine")
            .TrustRoot(pki.Root);

        var error = await Assert.ThrowsAsync<QixCertificateException>(() => QixSession.ConnectAsync(options, Bound).WaitAsync(Bound));
        Assert.Contains("host name mismatch", error.Message);
        Assert.Equal("localhost", error.Host);
    }

    [NotOnNetStandardTheory(CertificateCheck)]
    [InlineData(false)]
    [InlineData(true)]
    [InlineData(false, true)]
    public async Task An_expired_server_certificate_is_reported_as_expired(bool useClientWebSocket, bool receiveThread = false)
    {
        var pki = MakePki();
        await using var server = await StartEngineAsync(pki, pki.ExpiredServer);
        var options = new QixSessionOptions { Url = server.Url, UseClientWebSocket = useClientWebSocket, ReceiveMode = receiveThread ? QixReceiveMode.DedicatedThread : QixReceiveMode.ThreadPool }
            .UseClientCertificate(pki.Client, "internal", "sa_engine")
            .TrustRoot(pki.Root);

        var error = await Assert.ThrowsAsync<QixCertificateException>(() => QixSession.ConnectAsync(options, Bound).WaitAsync(Bound));
        Assert.Contains("expired", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_certificate_check_in_the_options_does_not_stop_a_plain_ws_connection(bool useClientWebSocket)
    {
        // Options shared between wss:// and ws:// endpoints (a Desktop engine, a plain-HTTP virtual proxy): on ws://
        // there is no certificate to check, on every build.
        var pki = MakePki();
        await using var server = await WebSocketTestServer.StartAsync(socket => UpgradeTests.GreetAndHold(socket, "SESSION_CREATED"));
        var options = new QixSessionOptions { Url = server.Url, UseClientWebSocket = useClientWebSocket }.TrustRoot(pki.Root);
        Assert.Equal("ws", server.Url.Scheme);

        await using var session = await QixSession.ConnectAsync(options, Bound);

        Assert.True(session.IsOpen);
    }
}
