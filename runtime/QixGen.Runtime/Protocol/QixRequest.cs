using System;

namespace QixGen.Protocol;

/// <summary>One QIX method call before the session gives it an id: method, handle and parameters.</summary>
public sealed class QixRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="handle">The handle of the remote object to call (-1 for Global).</param>
    /// <param name="method">The method name without the service prefix, e.g. <c>GetLayout</c>.</param>
    /// <param name="parameters">The positional parameters as a UTF-8 JSON array.</param>
    public QixRequest(int handle, string method, ReadOnlyMemory<byte> parameters)
    {
        Handle = handle;
        Method = method ?? throw new ArgumentNullException(nameof(method));
        Parameters = parameters;
    }

    /// <summary>The handle of the remote object to call (-1 for Global).</summary>
    public int Handle { get; }

    /// <summary>The method name without the service prefix.</summary>
    public string Method { get; }

    /// <summary>The positional parameters as a UTF-8 JSON array (<c>[]</c> when there are none).</summary>
    public ReadOnlyMemory<byte> Parameters { get; set; }
}
