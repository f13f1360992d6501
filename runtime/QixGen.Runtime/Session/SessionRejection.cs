using System;
using System.Collections.Generic;
using System.Text.Json;
using QixGen.Errors;

namespace QixGen.Session;

/// <summary>
/// Tells the notifications that mean "this session cannot be used" from the informative ones. Sources: Qlik's
/// Proxy Service API "Messages from the QPS to clients" (severity fatal: the proxy closes the WebSocket after the
/// message; each page of a listed message says so), and the OnConnected states and proxy message names Qlik's own
/// load-testing tool (gopherciser, globals/constant/topics.go) knows. The table with what each becomes, and which
/// source verifies each name, is in docs/connecting.md.
/// </summary>
internal static class SessionRejection
{
    /// <summary>The proxy's messages after which it closes the WebSocket, fatal even if a proxy omits the severity.</summary>
    internal static readonly HashSet<string> SessionEndingNotifications = new HashSet<string>(StringComparer.Ordinal)
    {
        "OnLicenseAccessDenied",
        "OnNoEngineAvailable",
        "OnEngineWebsocketFailed",
        "OnSessionTimedOut",
        "OnMaxParallelSessionsExceeded",
        "OnSessionClosed",
        "OnSessionLoggedOut",
        "OnNoDataPrepServiceAvailable",
        "OnDataPrepServiceWebsocketFailed",
        "OnNoRepositoryAvailable",
        "OnRepositoryWebsocketFailed",
        "OnLicenseAccessDeniedPendingUserSync",
    };

    /// <summary>
    /// OnConnected error states that do not start with SESSION_ERROR (the prefix catches the others, also a later
    /// release's).
    /// </summary>
    internal static readonly HashSet<string> ErrorStatesWithoutErrorPrefix = new HashSet<string>(StringComparer.Ordinal)
    {
        "SESSION_ACCESS_CONTROL_SETUP_FAILURE",
    };

    /// <summary>The rejection <paramref name="method"/> with <paramref name="parameters"/> means, or null for a usable session.</summary>
    public static QixSessionRejectedException? Classify(string method, JsonElement parameters, Func<string?, string?> redact)
    {
        var isObject = parameters.ValueKind == JsonValueKind.Object;
        var severity = isObject ? StringProperty(parameters, "severity") : null;
        var state = method == "OnConnected" && isObject ? StringProperty(parameters, "qSessionState") : null;
        var fatal = string.Equals(severity, "fatal", StringComparison.OrdinalIgnoreCase)
            || SessionEndingNotifications.Contains(method)
            || (state is not null && (state.StartsWith("SESSION_ERROR", StringComparison.Ordinal) || ErrorStatesWithoutErrorPrefix.Contains(state)))
            || (method == "OnAuthenticationInformation" && isObject
                && parameters.TryGetProperty("mustAuthenticate", out var must) && must.ValueKind == JsonValueKind.True);
        if (!fatal)
        {
            return null;
        }

        var message = isObject ? StringProperty(parameters, "message") : null;
        var loginUri = isObject ? StringProperty(parameters, "loginUri") : null;
        var raw = parameters.ValueKind == JsonValueKind.Undefined ? null : parameters.GetRawText();
        return new QixSessionRejectedException(method, state, redact(message), severity, redact(loginUri), redact(raw));
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
