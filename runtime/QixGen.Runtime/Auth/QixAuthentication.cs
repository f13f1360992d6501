using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using QixGen.Auth;

// In the options' namespace (though it lives with the other authentication code): the helpers show up on
// QixSessionOptions wherever the options are used, with no extra using.
namespace QixGen.Session;

/// <summary>Ways to authenticate a session to Qlik Sense, each configuring <see cref="QixSessionOptions"/>.</summary>
public static class QixAuthentication
{
    /// <summary>Qlik Cloud: an API key or a JWT as a bearer token.</summary>
    /// <param name="options">The options to configure.</param>
    /// <param name="token">The API key or JWT.</param>
    /// <returns>The same options.</returns>
    public static QixSessionOptions UseBearerToken(this QixSessionOptions options, string token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("A bearer token is required.", nameof(token));
        }

        options.Headers["Authorization"] = "Bearer " + token;
        return options;
    }

    /// <summary>
    /// Qlik Sense Enterprise, direct to the engine (port 4747): the QMC-exported client certificate and the user
    /// to act as (<c>X-Qlik-User: UserDirectory=D; UserId=U</c>).
    /// </summary>
    /// <param name="options">The options to configure.</param>
    /// <param name="clientCertificate">The client certificate with its private key.</param>
    /// <param name="userDirectory">The user directory.</param>
    /// <param name="userId">The user id.</param>
    /// <returns>The same options.</returns>
    public static QixSessionOptions UseClientCertificate(this QixSessionOptions options, X509Certificate2 clientCertificate, string userDirectory, string userId)
    {
        options.ClientCertificates.Add(clientCertificate ?? throw new ArgumentNullException(nameof(clientCertificate)));
        options.Headers["X-Qlik-User"] = QlikUserHeader(userDirectory, userId);
        return options;
    }

    /// <summary>Header authentication through a virtual proxy configured for it (header name chosen in the QMC).</summary>
    /// <param name="options">The options to configure.</param>
    /// <param name="headerName">The header the virtual proxy reads, e.g. <c>X-Qlik-HeaderAuth</c>.</param>
    /// <param name="userId">The user id.</param>
    /// <returns>The same options.</returns>
    public static QixSessionOptions UseHeaderAuthentication(this QixSessionOptions options, string headerName, string userId)
    {
        options.Headers[headerName] = userId;
        return options;
    }

    /// <summary>Reattach to an existing proxy session with its session cookie (e.g. <c>X-Qlik-Session</c>).</summary>
    /// <param name="options">The options to configure (its Url must be set).</param>
    /// <param name="cookieName">The cookie name.</param>
    /// <param name="value">The cookie value.</param>
    /// <returns>The same options.</returns>
    public static QixSessionOptions UseSessionCookie(this QixSessionOptions options, string cookieName, string value)
    {
        var url = options.Url ?? throw new InvalidOperationException("Set QixSessionOptions.Url before adding a session cookie.");
        options.Cookies ??= new CookieContainer();
        var http = new UriBuilder(url) { Scheme = url.Scheme == "wss" ? "https" : "http" }.Uri;
        options.Cookies.Add(http, new Cookie(cookieName, value));
        return options;
    }

    /// <summary>Windows authentication: the current user's credentials pass through.</summary>
    /// <param name="options">The options to configure.</param>
    /// <returns>The same options.</returns>
    public static QixSessionOptions UseWindowsCredentials(this QixSessionOptions options)
    {
        options.UseDefaultCredentials = true;
        return options;
    }

    /// <summary>
    /// The <c>X-Qlik-User</c> header value, <c>UserDirectory=D; UserId=U</c>, with both values URL-encoded UTF-8 as
    /// JavaScript's encodeURIComponent does (Qlik's Proxy Service API, "X-Qlik-User header": both must be
    /// URL-encoded): <c>svc;qlik</c> goes out as <c>svc%3Bqlik</c>, so a <c>;</c> or <c>=</c> in a value cannot
    /// forge another field.
    /// </summary>
    /// <param name="userDirectory">The user directory, as it is (not encoded).</param>
    /// <param name="userId">The user id, as it is (not encoded).</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">A value is empty, or holds a lone surrogate (not encodable as UTF-8).</exception>
    public static string QlikUserHeader(string userDirectory, string userId)
    {
        if (string.IsNullOrWhiteSpace(userDirectory) || string.IsNullOrWhiteSpace(userId))
        {
            throw new ArgumentException("Both the user directory and the user id are required.");
        }

        return $"UserDirectory={UriComponent.Encode(userDirectory, nameof(userDirectory))}; UserId={UriComponent.Encode(userId, nameof(userId))}";
    }

    /// <summary>
    /// Trusts a private root (the QMC-exported <c>root.pem</c>) for the server certificate, in addition to nothing
    /// else: the chain must end in exactly that root. The host name must still match. Needs .NET 8 or later (see
    /// <see cref="QixSessionOptions.ServerCertificateValidation"/>).
    /// </summary>
    /// <param name="options">The options to configure.</param>
    /// <param name="root">The root certificate.</param>
    /// <returns>The same options.</returns>
    public static QixSessionOptions TrustRoot(this QixSessionOptions options, X509Certificate2 root)
    {
        if (root is null)
        {
            throw new ArgumentNullException(nameof(root));
        }

        options.ServerCertificateValidation = (sender, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || certificate is null)
            {
                return false;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            custom.ChainPolicy.ExtraStore.Add(root);
            var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
            if (!custom.Build(leaf))
            {
                return false;
            }

            var top = custom.ChainElements[custom.ChainElements.Count - 1].Certificate;
            return string.Equals(top.Thumbprint, root.Thumbprint, StringComparison.OrdinalIgnoreCase);
        };
        return options;
    }

#if NET8_0_OR_GREATER
    /// <summary>Loads a QMC-exported PEM pair (<c>client.pem</c> + <c>client_key.pem</c>) as a client certificate.</summary>
    /// <param name="certificatePemPath">The certificate file.</param>
    /// <param name="keyPemPath">The private key file.</param>
    /// <returns>The certificate with its key.</returns>
    public static X509Certificate2 LoadPemCertificate(string certificatePemPath, string keyPemPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePemPath, keyPemPath);
        return UsableForTls(pem);
    }

    /// <summary>
    /// Loads a QMC-exported PEM pair whose private key is protected by the export password (an encrypted PKCS#8
    /// <c>client_key.pem</c>, <c>-----BEGIN ENCRYPTED PRIVATE KEY-----</c>).
    /// </summary>
    /// <param name="certificatePemPath">The certificate file (<c>client.pem</c>).</param>
    /// <param name="keyPemPath">The encrypted private key file (<c>client_key.pem</c>).</param>
    /// <param name="password">The password given to the QMC when exporting.</param>
    /// <returns>The certificate with its key.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The password is wrong or the key is not an encrypted PKCS#8 key.</exception>
    public static X509Certificate2 LoadPemCertificate(string certificatePemPath, string keyPemPath, string password)
    {
        using var pem = X509Certificate2.CreateFromEncryptedPemFile(certificatePemPath, password ?? throw new ArgumentNullException(nameof(password)), keyPemPath);
        return UsableForTls(pem);
    }

    // Round-trip through PKCS#12 so the key is usable by the TLS stack on every platform (an ephemeral PEM key is not on Windows).
    private static X509Certificate2 UsableForTls(X509Certificate2 pem) => new X509Certificate2(pem.Export(X509ContentType.Pkcs12));

    /// <summary>Loads a PEM certificate without a key (a QMC-exported <c>root.pem</c>).</summary>
    /// <param name="pemPath">The file.</param>
    /// <returns>The certificate.</returns>
    public static X509Certificate2 LoadPemRoot(string pemPath) => X509Certificate2.CreateFromPem(File.ReadAllText(pemPath));
#endif
}
