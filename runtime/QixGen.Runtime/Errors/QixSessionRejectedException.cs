using System;

namespace QixGen.Errors;

/// <summary>
/// The engine or the Qlik proxy said the session cannot be used: OnConnected with an error state
/// (<c>SESSION_ERROR_*</c>), OnAuthenticationInformation demanding a login, or a proxy notification that ends the
/// session (severity <c>fatal</c>, e.g. OnLicenseAccessDenied, OnNoEngineAvailable, OnSessionTimedOut). The session is
/// closed for good; see docs/connecting.md for the full table.
/// </summary>
/// <remarks>
/// There is no close code: the session ends on the notification, before any close frame from the server
/// (<see cref="QixSessionClosedException.CloseCode"/> is null). The client then closes the socket with 1000.
/// </remarks>
public class QixSessionRejectedException : QixSessionClosedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="notification">The notification's method, e.g. <c>OnConnected</c>, <c>OnLicenseAccessDenied</c>.</param>
    /// <param name="sessionState">OnConnected's <c>qSessionState</c>, e.g. <c>SESSION_ERROR_LIMIT_EXCEEDED</c>.</param>
    /// <param name="notificationMessage">The <c>message</c> parameter, when given (redacted).</param>
    /// <param name="severity">The <c>severity</c> parameter (<c>fatal</c>, <c>warning</c>, <c>notice</c>), when given.</param>
    /// <param name="loginUri">OnAuthenticationInformation's <c>loginUri</c>, when given.</param>
    /// <param name="parameters">The notification's parameters as JSON text (redacted), for anything else it carried.</param>
    public QixSessionRejectedException(string notification, string? sessionState, string? notificationMessage, string? severity, string? loginUri, string? parameters)
        : base(null, Describe(notification, sessionState, notificationMessage, loginUri))
    {
        Notification = notification;
        SessionState = sessionState;
        NotificationMessage = notificationMessage;
        Severity = severity;
        LoginUri = loginUri;
        Parameters = parameters;
    }

    /// <summary>The notification's method, e.g. <c>OnConnected</c>, <c>OnAuthenticationInformation</c>, <c>OnNoEngineAvailable</c>.</summary>
    public string Notification { get; }

    /// <summary>OnConnected's <c>qSessionState</c> (e.g. <c>SESSION_ERROR_LIMIT_EXCEEDED</c>), or null for other notifications.</summary>
    public string? SessionState { get; }

    /// <summary>The notification's <c>message</c> parameter, when given.</summary>
    public string? NotificationMessage { get; }

    /// <summary>The notification's <c>severity</c> parameter (the proxy sends <c>fatal</c> before it closes the socket).</summary>
    public string? Severity { get; }

    /// <summary>Where to log in (OnAuthenticationInformation's <c>loginUri</c>), when given.</summary>
    public string? LoginUri { get; }

    /// <summary>The notification's whole <c>params</c> object as JSON text (secrets redacted).</summary>
    public string? Parameters { get; }

    private static string Describe(string notification, string? state, string? message, string? loginUri)
    {
        var text = $"The {(notification == "OnConnected" ? "engine" : "engine or proxy")} refused the session: {notification}";
        if (state is not null)
        {
            text += " " + state;
        }

        if (!string.IsNullOrEmpty(message))
        {
            text += ": " + message;
        }

        if (!string.IsNullOrEmpty(loginUri))
        {
            text += $" (log in at {loginUri})";
        }

        return text;
    }
}
