namespace QixGen.Errors;

/// <summary>
/// The engine refused to open an app because this session already has one open: error 1002
/// (LOCERR_APP_ALREADY_OPEN, "App already open"), the answer to OpenDoc or CreateSessionApp on a socket that holds an
/// app. The engine keeps one app per session (per WebSocket); the message says to open another session.
/// </summary>
public sealed class QixAppAlreadyOpenException : QixEngineException
{
    /// <summary>The engine's code for "App already open" (LOCERR_APP_ALREADY_OPEN in every schema 12.1205.0 to 12.2528.0).</summary>
    public const int AppAlreadyOpenCode = 1002;

    /// <summary>What the message advises, after the engine's own words.</summary>
    internal const string Advice =
        "A session (one WebSocket) holds one app: to open another app, open another session " +
        "(QixSession.ConnectAsync with that app's URL, or QixAppSessionPool, which keeps one session per app).";

    /// <summary>Creates the error.</summary>
    /// <param name="engineMessage">The engine's message.</param>
    /// <param name="parameter">The engine's parameter text (the app that was asked for), if any.</param>
    /// <param name="method">The method that failed (OpenDoc, CreateSessionApp, ...).</param>
    /// <param name="handle">The handle the method was called on.</param>
    public QixAppAlreadyOpenException(string? engineMessage, string? parameter, string? method, int handle)
        : base(AppAlreadyOpenCode, engineMessage, parameter, method, handle, Advice)
    {
    }
}
