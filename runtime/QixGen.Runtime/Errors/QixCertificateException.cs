using System;
using System.Net.Security;

namespace QixGen.Errors;

/// <summary>
/// The server's TLS certificate was rejected, so the WebSocket never opened. <see cref="Reason"/> says why at the top
/// level (untrusted chain, host name mismatch, expired) instead of deep in the inner exceptions.
/// </summary>
public class QixCertificateException : QixException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The host connected to.</param>
    /// <param name="reason">Why the certificate was rejected.</param>
    /// <param name="policyErrors">What the TLS stack found wrong (None when only a custom validation refused it).</param>
    /// <param name="innerException">The WebSocket error.</param>
    public QixCertificateException(string host, string reason, SslPolicyErrors policyErrors, Exception? innerException = null)
        : base($"The server certificate of {host} was rejected: {reason}.", innerException)
    {
        Host = host;
        Reason = reason;
        PolicyErrors = policyErrors;
    }

    /// <summary>The host connected to.</summary>
    public string Host { get; }

    /// <summary>Why the certificate was rejected, e.g. "untrusted chain (UntrustedRoot)", "host name mismatch", "expired on ...".</summary>
    public string Reason { get; }

    /// <summary>What the TLS stack found wrong with the certificate.</summary>
    public SslPolicyErrors PolicyErrors { get; }
}
