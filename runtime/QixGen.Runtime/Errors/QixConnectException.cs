using System;
using System.Globalization;
using System.Net;

namespace QixGen.Errors;

/// <summary>
/// The server answered the WebSocket upgrade with an HTTP status instead of 101 (401, 403, 404, 5xx, ...): the session
/// never started. <see cref="Hint"/> names the usual cause for the status in a Qlik deployment.
/// </summary>
public class QixConnectException : QixException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status the server answered the upgrade with.</param>
    /// <param name="url">The URL that was refused (secrets redacted).</param>
    /// <param name="innerException">The WebSocket error.</param>
    public QixConnectException(HttpStatusCode statusCode, string url, Exception? innerException = null)
        : base(Describe(statusCode, url), innerException)
    {
        StatusCode = statusCode;
        Url = url;
        Hint = HintFor(statusCode);
    }

    /// <summary>The HTTP status the server answered the upgrade with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The URL that was refused, with secrets (a ticket) redacted.</summary>
    public string Url { get; }

    /// <summary>What the status usually means when connecting to Qlik, and what to check.</summary>
    public string Hint { get; }

    /// <summary>The usual cause of <paramref name="status"/> on a Qlik engine or proxy upgrade.</summary>
    public static string HintFor(HttpStatusCode status)
    {
        var code = (int)status;
        return code switch
        {
            401 => "Authentication: the server did not accept the credentials (API key, header, client certificate and X-Qlik-User, or a qlikTicket that is spent or expired).",
            403 => "Authorization: the user is known but may not open this (app access rules, no license or access pass, or a host not allowed by the virtual proxy).",
            404 => "Path: check the virtual proxy prefix (wss://host/<prefix>/app/...), the app id (/app/<GUID or name>), and the route (/app/ for Qlik Sense Desktop).",
            >= 500 and < 600 => "Server side: the proxy or the engine service failed or is unavailable; check that the services run, then retry.",
            _ => "Check the URL, the authentication and the proxy between this client and Qlik.",
        };
    }

    private static string Describe(HttpStatusCode status, string url) =>
        $"The server refused the WebSocket upgrade to {url}: HTTP {((int)status).ToString(CultureInfo.InvariantCulture)} ({status}). {HintFor(status)}";
}
