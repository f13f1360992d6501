using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Session;

namespace QixGen.Transport;

/// <summary>
/// The ClientWebSocket path: what the direct path does not do (HTTP proxies, NTLM/Negotiate/Basic challenges with
/// <see cref="QixSessionOptions.Credentials"/> or <see cref="QixSessionOptions.UseDefaultCredentials"/>,
/// netstandard2.0) or what the user asked for (<see cref="QixSessionOptions.UseClientWebSocket"/>).
/// </summary>
internal static class ClientWebSocketConnector
{
    /// <exception cref="Errors.QixConnectException">The server answered the upgrade with an HTTP status instead of 101 (.NET 8 and later).</exception>
    /// <exception cref="Errors.QixCertificateException">The server's certificate was refused (.NET 8 and later).</exception>
    /// <exception cref="Errors.QixTimeoutException">Connecting, TLS and the upgrade took longer than <see cref="UpgradeBound.Timeout"/>.</exception>
    public static ValueTask<WebSocket> ConnectAsync(Uri url, QixSessionOptions options, System.Net.CookieContainer? cookies, CancellationToken cancellationToken) =>
        UpgradeBound.RunAsync(token => ConnectCoreAsync(url, options, cookies, token), cancellationToken);

    private static async ValueTask<WebSocket> ConnectCoreAsync(Uri url, QixSessionOptions options, System.Net.CookieContainer? cookies, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            foreach (var header in options.Headers)
            {
                socket.Options.SetRequestHeader(header.Key, header.Value);
            }

            if (options.UserAgent is { } userAgent)
            {
                socket.Options.SetRequestHeader("User-Agent", userAgent);
            }

            if (cookies is not null)
            {
                socket.Options.Cookies = cookies;
            }

            if (options.ClientCertificates.Count > 0)
            {
                socket.Options.ClientCertificates = options.ClientCertificates;
            }

#if NET8_0_OR_GREATER
            // Always through our check (the default being "no policy error"), so a rejection can say why.
            var certificateCheck = url.Scheme == "wss" ? new ServerCertificateCheck(options.ServerCertificateValidation) : null;
            if (certificateCheck is not null)
            {
                socket.Options.RemoteCertificateValidationCallback = certificateCheck.Validate;
            }
#else
            // Only wss:// has a certificate to check: a ws:// connection with the same options goes ahead, as on .NET 8.
            if (options.ServerCertificateValidation is not null && url.Scheme == "wss")
            {
                throw new PlatformNotSupportedException("A custom server certificate validation needs .NET 8 or later (ClientWebSocketOptions.RemoteCertificateValidationCallback).");
            }
#endif

            if (options.Proxy is not null)
            {
                socket.Options.Proxy = options.Proxy;
            }

            if (options.KeepAliveInterval is { } keepAlive)
            {
                socket.Options.KeepAliveInterval = keepAlive;
            }

            socket.Options.UseDefaultCredentials = options.UseDefaultCredentials;
            if (options.Credentials is not null)
            {
                socket.Options.Credentials = options.Credentials;
            }

#if NET8_0_OR_GREATER
            socket.Options.CollectHttpResponseDetails = true;
            try
            {
                await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException e) when (socket.HttpStatusCode != 0 && socket.HttpStatusCode != System.Net.HttpStatusCode.SwitchingProtocols)
            {
                // The server answered, with a status instead of the upgrade: say which and what it usually means.
                throw new Errors.QixConnectException(socket.HttpStatusCode, Traffic.SecretRedactor.For(options).Redact(url.ToString()), e);
            }
            catch (WebSocketException e) when (certificateCheck?.Rejection is { } rejection)
            {
                throw new Errors.QixCertificateException(url.Host, rejection, certificateCheck.RejectedErrors, e);
            }
#else
            // netstandard2.0's ClientWebSocket does not expose the upgrade's status: its WebSocketException stands.
            await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
#endif

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
