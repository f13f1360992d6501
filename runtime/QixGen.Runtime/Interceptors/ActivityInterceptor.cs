using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;

namespace QixGen.Interceptors;

/// <summary>
/// One <see cref="Activity"/> per call from the source <c>QixGen</c>, with OpenTelemetry RPC attributes
/// (rpc.system=jsonrpc, rpc.method, rpc.jsonrpc.request_id, rpc.jsonrpc.error_code), so calls show up in traces.
/// </summary>
public sealed class ActivityInterceptor : IQixInterceptor
{
    /// <summary>The activity source name.</summary>
    public const string SourceName = "QixGen";

    private static readonly ActivitySource s_source = new ActivitySource(SourceName);

    /// <inheritdoc />
    public async Task<QixRawResponse> InterceptAsync(QixCall call, QixCallHandler next, CancellationToken cancellationToken)
    {
        using var activity = s_source.StartActivity("QIX " + call.Method, ActivityKind.Client);
        if (activity is null)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }

        activity.SetTag("rpc.system", "jsonrpc");
        activity.SetTag("rpc.method", call.Method);
        activity.SetTag("qix.handle", call.Handle);
        try
        {
            var response = await next(call, cancellationToken).ConfigureAwait(false);
            activity.SetTag("rpc.jsonrpc.request_id", call.RequestId);
            return response;
        }
        catch (QixEngineException e)
        {
            activity.SetTag("rpc.jsonrpc.request_id", call.RequestId);
            activity.SetTag("rpc.jsonrpc.error_code", e.Code);
            activity.SetTag("rpc.jsonrpc.error_message", e.EngineMessage);
            activity.SetStatus(ActivityStatusCode.Error, e.CodeName ?? e.Message);
            throw;
        }
        catch (Exception e)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }
}
