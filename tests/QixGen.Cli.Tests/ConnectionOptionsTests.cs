using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Xunit;

namespace QixGen.Cli.Tests;

/// <summary>
/// <c>qixgen call</c> with the samples' connection options against a loopback engine that records the upgrade
/// request: the URL, the bearer token, a header, the proxy ticket and the certificate's X-Qlik-User identity arrive.
/// </summary>
public sealed class ConnectionOptionsTests
{
    [Fact]
    public async Task Api_key_header_and_ticket_reach_the_engine()
    {
        await using var engine = new LoopbackEngine();
        var (code, stdout, stderr) = await Task.Run(() => CliRunner.Run("call", "Global.EngineVersion", "--schema", CliRunner.OpenRpc("12.2528.0"),
            "--url", $"ws://127.0.0.1:{engine.Port}/app/Sales.qvf", "--api-key", "KEY-1", "--header", "X-Qlik-HeaderAuth=alice", "--ticket", "T 1/2"));
        Assert.True(code == 0, stderr);
        Assert.Contains("\"qComponentVersion\": \"loopback\"", stdout);
        Assert.Equal("/app/Sales.qvf?qlikTicket=T%201%2F2", engine.Target);
        Assert.Equal("Bearer KEY-1", engine.Headers["authorization"]);
        Assert.Equal("alice", engine.Headers["x-qlik-headerauth"]);
    }

    [Fact]
    public async Task A_password_protected_certificate_sends_the_X_Qlik_User_identity()
    {
        var folder = Directory.CreateTempSubdirectory("qixgen-cert-").FullName;
        try
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=qixgen-test-client", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var cert = Path.Combine(folder, "client.pem");
            var keyFile = Path.Combine(folder, "client_key.pem");
            File.WriteAllText(cert, certificate.ExportCertificatePem());
            File.WriteAllText(keyFile, key.ExportEncryptedPkcs8PrivateKeyPem("s3cret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));

            await using var engine = new LoopbackEngine();
            var (code, _, stderr) = await Task.Run(() => CliRunner.Run("call", "Global.EngineVersion", "--schema", CliRunner.OpenRpc("12.2528.0"),
                "--url", $"ws://127.0.0.1:{engine.Port}/app/x", "--cert", cert, "--key", keyFile, "--key-password", "s3cret", "--user-directory", "CORP", "--user-id", "svc;qlik"));
            Assert.True(code == 0, stderr);
            Assert.Equal("UserDirectory=CORP; UserId=svc%3Bqlik", engine.Headers["x-qlik-user"]);

            // The wrong password is a one-line mistake naming the option, not a stack trace.
            var wrong = CliRunner.Run("call", "Global.EngineVersion", "--schema", CliRunner.OpenRpc("12.2528.0"),
                "--url", "ws://127.0.0.1:9/app/x", "--cert", cert, "--key", keyFile, "--key-password", "nope", "--user-directory", "CORP", "--user-id", "u");
            Assert.Equal(2, wrong.ExitCode);
            Assert.StartsWith("qixgen: --cert: ", wrong.Error);
            Assert.Single(wrong.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
