using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;

namespace QixGen.Interceptors;

/// <summary>
/// Call metrics through System.Diagnostics.Metrics (meter <c>QixGen</c>): calls by method and outcome,
/// latency in milliseconds, and request/response bytes. Any OpenTelemetry or dotnet-counters listener can read them.
/// </summary>
public sealed class MetricsInterceptor : IQixInterceptor, IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "QixGen";

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _bytesReceived;

    /// <summary>Creates the interceptor with its own meter.</summary>
    public MetricsInterceptor()
    {
        _meter = new Meter(MeterName, typeof(MetricsInterceptor).Assembly.GetName().Version?.ToString());
        _calls = _meter.CreateCounter<long>("qixgen.calls", description: "QIX calls completed, by method and outcome");
        _duration = _meter.CreateHistogram<double>("qixgen.call.duration", unit: "ms", description: "QIX call latency");
        _bytesSent = _meter.CreateCounter<long>("qixgen.bytes.sent", unit: "By", description: "Request parameter bytes");
        _bytesReceived = _meter.CreateCounter<long>("qixgen.bytes.received", unit: "By", description: "Response result bytes");
    }

    /// <inheritdoc />
    public async Task<QixRawResponse> InterceptAsync(QixCall call, QixCallHandler next, CancellationToken cancellationToken)
    {
        var method = new KeyValuePair<string, object?>("method", call.Method);
        var started = Stopwatch.GetTimestamp();
        _bytesSent.Add(call.Request.Parameters.Length, method);
        var outcome = "ok";
        try
        {
            var response = await next(call, cancellationToken).ConfigureAwait(false);
            _bytesReceived.Add(response.Length, method);
            return response;
        }
        catch (QixEngineException)
        {
            outcome = "engine_error";
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch
        {
            outcome = "failed";
            throw;
        }
        finally
        {
            var elapsed = (Stopwatch.GetTimestamp() - started) * 1000.0 / Stopwatch.Frequency;
            _duration.Record(elapsed, method);
            _calls.Add(1, method, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>Disposes the meter.</summary>
    public void Dispose() => _meter.Dispose();
}
