using System;

namespace QixGen.Errors;

/// <summary>The base of every exception QixGen throws for a failed call.</summary>
public class QixException : Exception
{
    /// <summary>Creates an exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public QixException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>The engine answered a call with an error object (<c>{code, parameter, message}</c>).</summary>
public class QixEngineException : QixException
{
    /// <summary>Creates an engine error.</summary>
    /// <param name="code">The engine's numeric error code.</param>
    /// <param name="engineMessage">The engine's message.</param>
    /// <param name="parameter">The engine's parameter text, if any.</param>
    /// <param name="method">The method that failed.</param>
    /// <param name="handle">The handle the method was called on.</param>
    public QixEngineException(int code, string? engineMessage, string? parameter, string? method, int handle)
        : this(code, engineMessage, parameter, method, handle, advice: null)
    {
    }

    /// <summary>Creates an engine error whose message ends with <paramref name="advice"/> (what to do instead).</summary>
    /// <param name="code">The engine's numeric error code.</param>
    /// <param name="engineMessage">The engine's message.</param>
    /// <param name="parameter">The engine's parameter text, if any.</param>
    /// <param name="method">The method that failed.</param>
    /// <param name="handle">The handle the method was called on.</param>
    /// <param name="advice">A sentence appended to the message, or null.</param>
    protected QixEngineException(int code, string? engineMessage, string? parameter, string? method, int handle, string? advice)
        : base(FormatMessage(code, engineMessage, parameter, method, handle) + (advice is null ? "" : " " + advice))
    {
        Code = code;
        CodeName = QixErrorCodes.NameOf(code);
        EngineMessage = engineMessage;
        Parameter = parameter;
        Method = method;
        Handle = handle;
    }

    /// <summary>The engine's numeric error code (LOCERR_*).</summary>
    public int Code { get; }

    /// <summary>The LOCERR name of <see cref="Code"/> (e.g. <c>LOCERR_GENERIC_NOT_FOUND</c>), when known.</summary>
    public string? CodeName { get; }

    /// <summary>The engine's message.</summary>
    public string? EngineMessage { get; }

    /// <summary>The engine's parameter text.</summary>
    public string? Parameter { get; }

    /// <summary>The method that failed.</summary>
    public string? Method { get; }

    /// <summary>The handle the method was called on.</summary>
    public int Handle { get; }

    /// <summary>The exception for an engine error answer: a typed one for the codes that have advice, else this type.</summary>
    internal static QixEngineException For(int code, string? engineMessage, string? parameter, string? method, int handle) =>
        code == QixAppAlreadyOpenException.AppAlreadyOpenCode
            ? new QixAppAlreadyOpenException(engineMessage, parameter, method, handle)
            : new QixEngineException(code, engineMessage, parameter, method, handle);

    private static string FormatMessage(int code, string? message, string? parameter, string? method, int handle) =>
        $"Engine error {code} ({QixErrorCodes.NameOf(code) ?? "unknown code"}) in {method ?? "?"} on handle {handle}: {message}" +
        (string.IsNullOrEmpty(parameter) ? "" : $" ({parameter})");
}

/// <summary>The engine's answer broke the protocol (a malformed frame, a result that does not decode, ...).</summary>
public class QixProtocolException : QixException
{
    /// <summary>Creates a protocol error.</summary>
    /// <param name="message">What was wrong with the answer.</param>
    /// <param name="innerException">The cause, if any.</param>
    public QixProtocolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>The engine answered a call that returns a remote object without a handle: there is no such object.</summary>
public class QixObjectNotFoundException : QixException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which object was not found.</param>
    public QixObjectNotFoundException(string message)
        : base(message)
    {
    }
}

/// <summary>A call was made on a session that is not connected (not yet opened, or suspended).</summary>
public class QixNotConnectedException : QixException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the session is not connected.</param>
    public QixNotConnectedException(string message)
        : base(message)
    {
    }
}

/// <summary>The connection closed (by the server, a dropped socket or the client) while the call was pending or before it was sent.</summary>
public class QixSessionClosedException : QixException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="closeCode">The WebSocket close code, when one was given (1006 for an abnormal drop).</param>
    /// <param name="closeReason">The close reason, when one was given.</param>
    /// <param name="innerException">The transport error, if any.</param>
    public QixSessionClosedException(int? closeCode, string? closeReason, Exception? innerException = null)
        : base($"The QIX session closed (code {closeCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}{(string.IsNullOrEmpty(closeReason) ? "" : ": " + closeReason)}).", innerException)
    {
        CloseCode = closeCode;
        CloseReason = closeReason;
    }

    /// <summary>The WebSocket close code (1000 normal, 1006 abnormal drop, 4000 suspended, ...).</summary>
    public int? CloseCode { get; }

    /// <summary>The close reason.</summary>
    public string? CloseReason { get; }
}

/// <summary>The session was disposed.</summary>
public class QixSessionDisposedException : QixSessionClosedException
{
    /// <summary>Creates the exception.</summary>
    public QixSessionDisposedException()
        : base(1000, "The session was disposed.")
    {
    }
}

/// <summary>The remote object was closed by the engine (its handle is gone); calls on its proxy fail.</summary>
public class QixObjectClosedException : QixException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="description">Which object.</param>
    public QixObjectClosedException(string description)
        : base($"The remote object {description} is closed; its handle is no longer valid.")
    {
    }
}

/// <summary>The session is suspended (<c>SuspendAsync</c>, or an unexpected close with auto-suspend): resume it to call again.</summary>
public class QixSuspendedException : QixNotConnectedException
{
    /// <summary>Creates the exception.</summary>
    public QixSuspendedException()
        : base("The QIX session is suspended; resume it before calling the engine.")
    {
    }
}
