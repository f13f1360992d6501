using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests.Connecting;

/// <summary>Client certificates as the QMC exports them: client.pem + client_key.pem, the key plain or password-protected.</summary>
public sealed class PemCertificateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qixgen-pem-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (string Certificate, string Key, string Thumbprint) Export(string? password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=QlikClient", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certificatePath = Path.Combine(_folder, "client.pem");
        var keyPath = Path.Combine(_folder, "client_key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, password is null
            ? key.ExportPkcs8PrivateKeyPem()
            : key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        return (certificatePath, keyPath, certificate.Thumbprint);
    }

    [Fact]
    public void A_plain_key_pair_loads_with_its_private_key()
    {
        var (certificate, key, thumbprint) = Export(password: null);
        using var loaded = QixAuthentication.LoadPemCertificate(certificate, key);
        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void A_key_protected_by_the_export_password_loads_with_the_password()
    {
        var (certificate, key, thumbprint) = Export("export-password");
        Assert.Contains("ENCRYPTED PRIVATE KEY", File.ReadAllText(key));

        using var loaded = QixAuthentication.LoadPemCertificate(certificate, key, "export-password");
        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(thumbprint, loaded.Thumbprint);
        Assert.ThrowsAny<CryptographicException>(() => QixAuthentication.LoadPemCertificate(certificate, key, "wrong"));
        Assert.ThrowsAny<CryptographicException>(() => QixAuthentication.LoadPemCertificate(certificate, key));
    }
}
