using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Protocol;

namespace QixGen.Interceptors;

/// <summary>Sends a call on to the next interceptor (or the engine) and returns its raw response.</summary>
/// <param name="call">The call.</param>
/// <param name="cancellationToken">Cancels the call.</param>
/// <returns>The raw response.</returns>
public delegate Task<QixRawResponse> QixCallHandler(QixCall call, CancellationToken cancellationToken);

/// <summary>
/// Request/response middleware. An interceptor may read or change the call before calling
/// <c>next</c>, read or replace the response, catch the error (an engine error is a
/// <see cref="Errors.QixEngineException"/>) and recover, or call <c>next</c> again to retry
/// (each attempt is sent with a new request id).
/// </summary>
public interface IQixInterceptor
{
    /// <summary>Handles one call.</summary>
    /// <param name="call">The call: method, handle, parameters.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw response.</returns>
    Task<QixRawResponse> InterceptAsync(QixCall call, QixCallHandler next, CancellationToken cancellationToken);
}

/// <summary>One call as interceptors see it.</summary>
public sealed class QixCall
{
    internal QixCall(QixRequest request, int firstRequestId)
    {
        Request = request;
        RequestId = firstRequestId;
    }

    /// <summary>The request: method, handle and parameters (an interceptor may replace <see cref="QixRequest.Parameters"/>).</summary>
    public QixRequest Request { get; }

    /// <summary>The method name.</summary>
    public string Method => Request.Method;

    /// <summary>The handle called.</summary>
    public int Handle => Request.Handle;

    /// <summary>The id of the latest attempt.</summary>
    public int RequestId { get; internal set; }

    /// <summary>How many times the call was sent (1 on the first attempt).</summary>
    public int Attempt { get; internal set; }

    /// <summary>A call the session makes itself (re-acquiring objects on resume): allowed while the session is suspended.</summary>
    internal bool IsInternal { get; set; }

    /// <summary>Space for interceptors to share state about this call.</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);
}

/// <summary>The raw <c>result</c> of a call, before it is decoded into typed values.</summary>
/// <remarks>
/// The bytes are not copied: they lie in the pooled receive buffer, or (delta on) in the delta store's last result for
/// that object and method, shared with the store. They are valid until <see cref="Dispose"/>; an interceptor that keeps
/// a response for later must copy <see cref="Result"/>. A response nobody disposes is not an error, only a cost: its
/// buffer is not reused, and the store writes the next patch of that object into a new array.
/// </remarks>
public sealed class QixRawResponse : IDisposable
{
    internal QixRawResponse(ResponseFrame frame) => Frame = frame;

    internal ResponseFrame Frame { get; }

    /// <summary>
    /// The result object's UTF-8 JSON, as the engine sent it: its brackets balance, but its content is not validated
    /// until it is decoded (a reader over it throws <see cref="System.Text.Json.JsonException"/> on malformed JSON).
    /// </summary>
    public ReadOnlySpan<byte> Result => Frame.Result;

    /// <summary>Its length in bytes.</summary>
    public int Length => Frame.ResultLength;

    /// <summary>A substitute response (to recover from an error, or to rewrite a result).</summary>
    /// <param name="resultJson">The result object's UTF-8 JSON.</param>
    /// <returns>The response.</returns>
    public static QixRawResponse FromResult(byte[] resultJson) => new QixRawResponse(new ResponseFrame(resultJson ?? throw new ArgumentNullException(nameof(resultJson))));

    /// <summary>Releases the receive buffer, or lets the delta store patch the shared result again; the bytes must not be read after this.</summary>
    public void Dispose() => Frame.Dispose();
}
