using System;
using System.Text.Json;

namespace QixGen.Session;

/// <summary>How the engine started this session (OnConnected's <c>qSessionState</c>).</summary>
public enum QixSessionState
{
    /// <summary>A new engine session (SESSION_CREATED).</summary>
    Created,

    /// <summary>An existing engine session was reattached (SESSION_ATTACHED), e.g. within its TTL.</summary>
    Attached,

    /// <summary>Another state the engine reported.</summary>
    Other,
}

/// <summary>A notification from the engine (a frame with a method and no id).</summary>
public sealed class QixNotificationEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="method">The notification, e.g. <c>OnConnected</c>.</param>
    /// <param name="parameters">Its parameters (detached from the receive buffer).</param>
    public QixNotificationEventArgs(string method, JsonElement parameters)
    {
        Method = method;
        Parameters = parameters;
    }

    /// <summary>The notification, e.g. <c>OnConnected</c>, <c>OnAuthenticationInformation</c>, <c>OnSessionTimedOut</c>.</summary>
    public string Method { get; }

    /// <summary>Its parameters.</summary>
    public JsonElement Parameters { get; }
}

/// <summary>The session's connection closed.</summary>
public sealed class QixSessionClosedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="closeCode">The close code (1006 for a dropped connection).</param>
    /// <param name="closeReason">The close reason.</param>
    /// <param name="error">The transport error, if any.</param>
    public QixSessionClosedEventArgs(int? closeCode, string? closeReason, Exception? error)
    {
        CloseCode = closeCode;
        CloseReason = closeReason;
        Error = error;
    }

    /// <summary>The close code.</summary>
    public int? CloseCode { get; }

    /// <summary>The close reason.</summary>
    public string? CloseReason { get; }

    /// <summary>
    /// Why the session ended, when not by a plain close frame: the transport error of a dropped connection, or the
    /// <see cref="Errors.QixSessionRejectedException"/> of a greeting or notification that refused the session.
    /// </summary>
    public Exception? Error { get; }
}

/// <summary>A frame that fails no call but is wrong (malformed, or a response for an unknown id).</summary>
public sealed class QixProtocolErrorEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="error">What is wrong.</param>
    public QixProtocolErrorEventArgs(Errors.QixProtocolException error) => Error = error;

    /// <summary>What is wrong.</summary>
    public Errors.QixProtocolException Error { get; }
}

/// <summary>A frame sent or received; the bytes are valid only during the handler.</summary>
public sealed class QixTrafficEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="sent">True for a frame sent to the engine.</param>
    /// <param name="frame">The frame's UTF-8 JSON.</param>
    public QixTrafficEventArgs(bool sent, ReadOnlyMemory<byte> frame)
    {
        Sent = sent;
        Frame = frame;
    }

    /// <summary>True for a frame sent to the engine, false for one received.</summary>
    public bool Sent { get; }

    /// <summary>The frame's UTF-8 JSON (secrets not redacted: redact before storing).</summary>
    public ReadOnlyMemory<byte> Frame { get; }
}
