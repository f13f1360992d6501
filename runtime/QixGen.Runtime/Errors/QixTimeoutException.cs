using System;
using System.Globalization;

namespace QixGen.Errors;

/// <summary>
/// A call, a resume or a close did not finish within its bound (<see cref="Session.QixSessionOptions.CallTimeout"/>,
/// <see cref="Session.QixSessionOptions.ResumeTimeout"/>). For a call, the session has asked the engine to abort the
/// request (Global.CancelRequest) and will ignore its late answer; the session itself stays usable.
/// </summary>
public class QixTimeoutException : QixException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">What timed out: a method's wire name (e.g. <c>GetLayout</c>) or "resume".</param>
    /// <param name="timeout">The bound that passed.</param>
    /// <param name="innerException">The cancellation the bound caused, if any.</param>
    public QixTimeoutException(string operation, TimeSpan timeout, Exception? innerException = null)
        : base($"{operation} did not complete within {timeout.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms.", innerException)
    {
        Operation = operation;
        Timeout = timeout;
    }

    /// <summary>What timed out: a method's wire name, or "resume".</summary>
    public string Operation { get; }

    /// <summary>The bound that passed.</summary>
    public TimeSpan Timeout { get; }
}
