using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qix;
using QixGen.Errors;
using QixGen.Interceptors;
using QixGen.Objects;
using QixGen.Protocol;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests;

public sealed class InterceptorAndMixinTests
{
    [Fact]
    public async Task Retry_interceptor_resends_aborted_calls_with_new_ids()
    {
        var attempts = 0;
        var options = new QixSessionOptions();
        options.Interceptors.Add(new RetryAbortedInterceptor(maxRetries: 3, initialDelay: TimeSpan.FromMilliseconds(1)));
        var (session, engine) = ScriptedEngine.Start((request, _) => Interlocked.Increment(ref attempts) <= 2
            ? $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetInt32()},\"error\":{{\"code\":15,\"parameter\":\"\",\"message\":\"Request aborted\"}}}}"
            : ScriptedEngine.Result(request, """{"qReturn":true}"""), options);
        await using (engine)
        await using (session)
        {
            Assert.True(await QixApi.GetGlobal(session).IsDesktopModeAsync());
            var ids = engine.Received.Select(f => JsonDocument.Parse(f).RootElement.GetProperty("id").GetInt32()).ToList();
            Assert.Equal(new[] { 1, 2, 3 }, ids);
        }
    }

    [Fact]
    public async Task Retry_gives_up_after_its_limit_and_other_errors_pass_through()
    {
        var options = new QixSessionOptions();
        options.Interceptors.Add(new RetryAbortedInterceptor(maxRetries: 1, initialDelay: TimeSpan.FromMilliseconds(1)));
        var (session, engine) = ScriptedEngine.Start((request, _) =>
            $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetInt32()},\"error\":{{\"code\":{(request.GetProperty("method").GetString() == "IsDesktopMode" ? 15 : 2)},\"message\":\"x\"}}}}", options);
        await using (engine)
        await using (session)
        {
            Assert.Equal(15, (await Assert.ThrowsAsync<QixEngineException>(() => QixApi.GetGlobal(session).IsDesktopModeAsync())).Code);
            Assert.Equal(2, engine.Received.Count);
            Assert.Equal(2, (await Assert.ThrowsAsync<QixEngineException>(() => QixApi.GetGlobal(session).GetActiveDocAsync())).Code);
            Assert.Equal(3, engine.Received.Count);
        }
    }

    [Fact]
    public async Task Interceptors_run_in_order_and_can_change_requests_and_recover_from_errors()
    {
        var order = new ConcurrentQueue<string>();
        var options = new QixSessionOptions();
        options.Interceptors.Add(new Lambda("outer", order, async (call, next, ct) =>
        {
            try
            {
                return await next(call, ct);
            }
            catch (QixEngineException e) when (e.Code == 1003)
            {
                return QixRawResponse.FromResult(Encoding.UTF8.GetBytes("""{"qReturn":{"qType":"Doc","qHandle":7}}"""));
            }
        }));
        options.Interceptors.Add(new Lambda("inner", order, (call, next, ct) =>
        {
            if (call.Method == "OpenDoc")
            {
                call.Request.Parameters = Encoding.UTF8.GetBytes("[\"rewritten.qvf\"]");
            }

            return next(call, ct);
        }));
        var (session, engine) = ScriptedEngine.Start((request, _) =>
            $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetInt32()},\"error\":{{\"code\":1003,\"message\":\"App not found\"}}}}", options);
        await using (engine)
        await using (session)
        {
            var doc = await QixApi.GetGlobal(session).OpenDocAsync("original.qvf");
            Assert.Equal(7, doc.Handle);
            Assert.Equal(new[] { "outer", "inner" }, order);
            Assert.Contains("rewritten.qvf", engine.Received.Single());
        }
    }

    [Fact]
    public async Task Metrics_and_activities_describe_each_call()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? Method)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MetricsInterceptor.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Method(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Method(tags))));
        listener.Start();
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ActivityInterceptor.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);

        using var metrics = new MetricsInterceptor();
        var options = new QixSessionOptions();
        options.Interceptors.Add(metrics);
        options.Interceptors.Add(new ActivityInterceptor());
        var (session, engine) = ScriptedEngine.Start((request, _) => ScriptedEngine.Result(request, """{"qReturn":true}"""), options);
        await using (engine)
        await using (session)
        {
            await QixApi.GetGlobal(session).IsDesktopModeAsync();
        }

        Assert.Contains(measurements, m => m.Instrument == "qixgen.calls" && m.Value == 1 && m.Method == "IsDesktopMode");
        Assert.Contains(measurements, m => m.Instrument == "qixgen.call.duration" && m.Value > 0);
        Assert.Contains(measurements, m => m.Instrument == "qixgen.bytes.received" && m.Value == """{"qReturn":true}""".Length);
        var activity = Assert.Single(activities, a => a.DisplayName == "QIX IsDesktopMode");
        Assert.Equal("jsonrpc", activity.GetTagItem("rpc.system"));
        Assert.Equal(1, activity.GetTagItem("rpc.jsonrpc.request_id"));
    }

    [Fact]
    public async Task Registered_types_are_created_for_their_generic_type()
    {
        var options = new QixSessionOptions();
        options.ObjectTypes.Register("sheet", (s, r) => new Sheet(s, r));
        var (session, engine) = ScriptedEngine.Start((request, _) => request.GetProperty("method").GetString() switch
        {
            "OpenDoc" => ScriptedEngine.Result(request, """{"qReturn":{"qType":"Doc","qHandle":1}}"""),
            "GetObject" => request.GetProperty("params")[0].GetString() == "s1"
                ? ScriptedEngine.Result(request, """{"qReturn":{"qType":"GenericObject","qHandle":2,"qGenericType":"sheet","qGenericId":"s1"}}""")
                : ScriptedEngine.Result(request, """{"qReturn":{"qType":"GenericObject","qHandle":3,"qGenericType":"barchart","qGenericId":"b1"}}"""),
            "GetLayout" => ScriptedEngine.Result(request, """{"qLayout":{"qInfo":{"qId":"s1","qType":"sheet"},"qMeta":{"title":"Overview"}}}"""),
            _ => null,
        }, options);
        await using (engine)
        await using (session)
        {
            var doc = await QixApi.GetGlobal(session).OpenDocAsync("app");
            var sheet = Assert.IsType<Sheet>(await doc.GetObjectAsync("s1"));
            Assert.Equal("Overview", await sheet.GetTitleAsync());
            Assert.IsType<GenericObject>(await doc.GetObjectAsync("b1"));
        }
    }

    private static string? Method(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags) if (tag.Key == "method") return tag.Value as string;
        return null;
    }

    /// <summary>A user's mixin: a sheet with a method of its own on top of the generated GenericObject.</summary>
    private sealed class Sheet(IQixSession session, QixObjectReference reference) : GenericObject(session, reference)
    {
        public async Task<string?> GetTitleAsync()
        {
            var layout = await GetLayoutAsync();
            return layout.Meta?.AdditionalProperties?["title"].GetString();
        }
    }

    private sealed class Lambda(string name, ConcurrentQueue<string> order, Func<QixCall, QixCallHandler, CancellationToken, Task<QixRawResponse>> body) : IQixInterceptor
    {
        public Task<QixRawResponse> InterceptAsync(QixCall call, QixCallHandler next, CancellationToken cancellationToken)
        {
            order.Enqueue(name);
            return body(call, next, cancellationToken);
        }
    }
}
