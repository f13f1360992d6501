#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace QixGen.Transport;

/// <summary>
/// Validates the server certificate of one connect (the user's callback, or the default: no policy error) and
/// remembers why it refused, so the connect can say so at the top level (see <see cref="Errors.QixCertificateException"/>).
/// </summary>
internal sealed class ServerCertificateCheck
{
    private readonly RemoteCertificateValidationCallback? _custom;

    public ServerCertificateCheck(RemoteCertificateValidationCallback? custom) => _custom = custom;

    /// <summary>Why the last certificate was refused; null if none was.</summary>
    public string? Rejection { get; private set; }

    public SslPolicyErrors RejectedErrors { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var accepted = _custom is { } custom ? custom(sender, certificate, chain, errors) : errors == SslPolicyErrors.None;
        if (!accepted)
        {
            RejectedErrors = errors;
            Rejection = Describe(certificate, chain, errors);
        }

        return accepted;
    }

    private static string Describe(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var reasons = new List<string>();
        var leaf = certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate));
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0 || leaf is null)
        {
            reasons.Add("the server sent no certificate");
        }

        if (leaf is not null && (leaf.NotAfter.ToUniversalTime() < DateTime.UtcNow || leaf.NotBefore.ToUniversalTime() > DateTime.UtcNow))
        {
            reasons.Add(string.Format(CultureInfo.InvariantCulture, "expired or not yet valid (valid {0:u} to {1:u})", leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime()));
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            reasons.Add($"host name mismatch (the certificate is for {leaf?.GetNameInfo(X509NameType.DnsName, false) ?? "?"})");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            var statuses = new SortedSet<string>(StringComparer.Ordinal);
            if (chain is not null)
            {
                foreach (var status in chain.ChainStatus)
                {
                    statuses.Add(status.Status.ToString());
                }
            }

            reasons.Add($"untrusted chain ({(statuses.Count == 0 ? "chain errors" : string.Join(", ", statuses))}); with a private CA pass its root.pem to TrustRoot");
        }

        if (reasons.Count == 0)
        {
            reasons.Add("refused by the ServerCertificateValidation callback, with no TLS policy error");
        }

        return string.Join("; ", reasons);
    }
}
#endif
