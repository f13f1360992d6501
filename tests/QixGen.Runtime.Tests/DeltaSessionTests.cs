using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qix;
using QixGen.Delta;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests;

/// <summary>The delta protocol through the session and the generated bindings.</summary>
public sealed class DeltaSessionTests
{
    internal static string Delta(JsonElement request, string result) =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetInt32()},\"delta\":true,\"result\":{result}}}";

    [Fact]
    public async Task Patches_are_applied_per_handle_method_and_key_and_each_result_is_a_fresh_object()
    {
        var layouts = new ConcurrentQueue<string>(new[]
        {
            """{"qLayout":[{"op":"add","path":"/","value":{"qInfo":{"qId":"a","qType":"t"},"qHyperCube":{"qSize":{"qcx":2,"qcy":10}}}}]}""",
            """{"qLayout":[{"op":"replace","path":"/qInfo/qId","value":"b"},{"op":"replace","path":"/qHyperCube/qSize/qcy","value":3}]}""",
            """{"qLayout":[]}""",
        });
        var (session, engine) = ScriptedEngine.Start((request, _) => request.GetProperty("method").GetString() switch
        {
            "OpenDoc" => ScriptedEngine.Result(request, """{"qReturn":{"qType":"Doc","qHandle":1}}"""),
            "GetObject" => ScriptedEngine.Result(request, """{"qReturn":{"qType":"GenericObject","qHandle":2,"qGenericType":"t","qGenericId":"a"}}"""),
            "GetLayout" => layouts.TryDequeue(out var next) ? Delta(request, next) : null,
            _ => null,
        });
        await using (engine)
        await using (session)
        {
            var doc = await QixApi.GetGlobal(session).OpenDocAsync("app");
            var obj = await doc.GetObjectAsync("a");
            var first = await obj.GetLayoutAsync();
            var second = await obj.GetLayoutAsync();
            var third = await obj.GetLayoutAsync();

            Assert.Equal("a", first.Info!.Id);
            Assert.Equal(10, first.HyperCube!.Size!.Cy);
            Assert.Equal("b", second.Info!.Id);
            Assert.Equal(3, second.HyperCube!.Size!.Cy);
            Assert.Equal("t", second.Info.Type);
            Assert.Equal("b", third.Info!.Id); // an empty patch: unchanged
            Assert.NotSame(second, third);
            Assert.NotSame(second.Info, third.Info);
            third.Info.Id = "mutated by the caller";
            Assert.Equal("b", second.Info.Id);

            var getLayouts = engine.Received.Select(f => JsonDocument.Parse(f).RootElement).Where(f => f.GetProperty("method").GetString() == "GetLayout").ToList();
            Assert.All(getLayouts, f => Assert.True(f.GetProperty("delta").GetBoolean()));
        }
    }

    [Fact]
    public async Task A_corrupt_patch_fails_that_call_only_and_resets_the_entry()
    {
        var answers = new ConcurrentQueue<string>(new[]
        {
            """{"qLayout":[{"op":"add","path":"/","value":{"qInfo":{"qId":"a"}}}]}""",
            """{"qLayout":[{"op":"replace","path":"/qNoSuch/qId","value":"x"}]}""",
            """{"qLayout":[{"op":"replace","path":"/qInfo/qId","value":"y"}]}""",
            """{"qLayout":[{"op":"add","path":"/","value":{"qInfo":{"qId":"full again"}}}]}""",
        });
        var (session, engine) = ScriptedEngine.Start((request, _) => request.GetProperty("method").GetString() switch
        {
            "OpenDoc" => ScriptedEngine.Result(request, """{"qReturn":{"qType":"Doc","qHandle":1}}"""),
            "GetObject" => ScriptedEngine.Result(request, """{"qReturn":{"qType":"GenericObject","qHandle":2}}"""),
            "GetLayout" => answers.TryDequeue(out var next) ? Delta(request, next) : null,
            "IsDesktopMode" => ScriptedEngine.Result(request, """{"qReturn":false}"""),
            _ => null,
        });
        await using (engine)
        await using (session)
        {
            var global = QixApi.GetGlobal(session);
            var obj = await (await global.OpenDocAsync("app")).GetObjectAsync("a");
            Assert.Equal("a", (await obj.GetLayoutAsync()).Info!.Id);
            var error = await Assert.ThrowsAsync<JsonPatchException>(() => obj.GetLayoutAsync());
            Assert.Contains("/qNoSuch/qId", error.Message);
            Assert.False(await global.IsDesktopModeAsync()); // other calls unaffected
            // The entry was reset: a patch against nothing is an error, never a wrong value.
            await Assert.ThrowsAsync<JsonPatchException>(() => obj.GetLayoutAsync());
            Assert.Equal("full again", (await obj.GetLayoutAsync()).Info!.Id);
        }
    }

    [Fact]
    public async Task Many_calls_in_flight_on_one_object_get_their_own_answers_patched_in_arrival_order()
    {
        const int InFlight = 32;
        var held = new List<JsonElement>();
        var answered = new ConcurrentDictionary<int, int>(); // request id -> the step its answer carried
        var (session, engine) = ScriptedEngine.Start((request, engine) =>
        {
            switch (request.GetProperty("method").GetString())
            {
                case "OpenDoc":
                    return ScriptedEngine.Result(request, """{"qReturn":{"qType":"Doc","qHandle":1}}""");
                case "GetObject":
                    return ScriptedEngine.Result(request, """{"qReturn":{"qType":"GenericObject","qHandle":2}}""");
                case "GetLayout" when answered.IsEmpty && held.Count == 0:
                    answered[request.GetProperty("id").GetInt32()] = 0;
                    return Delta(request, """{"qLayout":[{"op":"add","path":"/","value":{"qInfo":{"qId":"0"}}}]}""");
                case "GetLayout":
                    // Held until all are in flight, then answered in one burst: every answer is a patch against the previous one.
                    held.Add(request.Clone());
                    if (held.Count < InFlight)
                    {
                        return null;
                    }

                    for (var step = 1; step <= InFlight; step++)
                    {
                        var id = held[step - 1].GetProperty("id").GetInt32();
                        answered[id] = step;
                        var patch = $$"""{"qLayout":[{"op":"test","path":"/qInfo/qId","value":"{{step - 1}}"},{"op":"replace","path":"/qInfo/qId","value":"{{step}}"}]}""";
                        engine.SendAsync(Delta(held[step - 1], patch)).AsTask().GetAwaiter().GetResult();
                    }

                    return null;
                default:
                    return null;
            }
        });
        await using (engine)
        await using (session)
        {
            var obj = await (await QixApi.GetGlobal(session).OpenDocAsync("app")).GetObjectAsync("a");
            Assert.Equal("0", (await obj.GetLayoutAsync()).Info!.Id);

            var calls = Enumerable.Range(0, InFlight).Select(_ => Task.Run(() => obj.GetLayoutAsync())).ToArray();
            var layouts = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));

            // Each caller got the value its own answer produced (a test operation would have failed out of order).
            Assert.Equal(Enumerable.Range(1, InFlight).Select(n => n.ToString()), layouts.Select(l => l.Info!.Id!).OrderBy(int.Parse));
            Assert.Equal(InFlight + 1, answered.Count);
        }
    }

    [Fact]
    public async Task The_late_answer_to_a_cancelled_call_is_still_applied_so_the_next_patch_fits()
    {
        var held = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (session, engine) = ScriptedEngine.Start(OneObject((request, layout) =>
        {
            if (layout == 2)
            {
                held.TrySetResult(request.Clone()); // answered only after the caller gave up
                return null;
            }

            return LayoutStep(request, layout);
        }));
        await using (engine)
        await using (session)
        {
            var obj = await (await QixApi.GetGlobal(session).OpenDocAsync("app")).GetObjectAsync("a");
            Assert.Equal("0", (await obj.GetLayoutAsync()).Info!.Id);

            using var cancel = new CancellationTokenSource();
            var cancelled = obj.GetLayoutAsync(cancel.Token);
            var request = await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
            await engine.SendAsync(Delta(request, """{"qLayout":[{"op":"test","path":"/qInfo/qId","value":"0"},{"op":"replace","path":"/qInfo/qId","value":"1"}]}"""));

            // The engine's next patch is against the value of the answer nobody took.
            Assert.Equal("2", (await obj.GetLayoutAsync()).Info!.Id);
        }
    }

    [Fact]
    public async Task A_delta_answer_whose_call_is_cancelled_while_the_loop_holds_it_is_still_applied()
    {
        // The token fires exactly while the receive loop holds the answer for hand-over (it starts its next receive):
        // the caller gets its cancellation, and the answer it never takes still counts for the next patch.
        using var cancel = new CancellationTokenSource();
        var (client, engine) = ScriptedEngine.StartEngine(OneObject(LayoutStep));
        var transport = new ReceiveHookTransport(client);
        var session = QixSession.Start(transport);
        await using (engine)
        await using (session)
        {
            var obj = await (await QixApi.GetGlobal(session).OpenDocAsync("app")).GetObjectAsync("a");
            Assert.Equal("0", (await obj.GetLayoutAsync()).Info!.Id);

            // The loop's receive after the second answer is the one started while that answer is held.
            transport.BeforeNextReceive = cancel.Cancel;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => obj.GetLayoutAsync(cancel.Token).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Null(transport.BeforeNextReceive);

            Assert.Equal("2", (await obj.GetLayoutAsync().WaitAsync(TimeSpan.FromSeconds(30))).Info!.Id);
        }
    }

    [Fact]
    public async Task Many_callers_on_one_object_with_some_cancelled_and_some_responses_substituted_each_read_their_own_layout()
    {
        // Each answer tests the last id and sets the next, and a type whose length changes with it (the result is
        // rewritten in place, grows past its array, or is composed into a rented one when answers queue up).
        static string TypeOf(int step) => "t" + new string('x', step * 37 % 41);
        var (session, engine) = ScriptedEngine.Start(
            OneObject((request, layout) => layout == 1
                ? Delta(request, """{"qLayout":[{"op":"add","path":"/","value":{"qInfo":{"qId":"0","qType":""" + $"\"{TypeOf(0)}\"" + "}}}]}")
                : Delta(request, $$"""{"qLayout":[{"op":"test","path":"/qInfo/qId","value":"{{layout - 2}}"},{"op":"replace","path":"/qInfo/qId","value":"{{layout - 1}}"},{"op":"replace","path":"/qInfo/qType","value":"{{TypeOf(layout - 1)}}"}]}""")),
            new QixSessionOptions { Interceptors = { new SubstitutingInterceptor() } });
        const int Callers = 8;
        const int CallsEach = 50;
        await using (engine)
        await using (session)
        {
            var obj = await (await QixApi.GetGlobal(session).OpenDocAsync("app")).GetObjectAsync("a");
            Assert.Equal("0", (await obj.GetLayoutAsync()).Info!.Id);

            var seen = new ConcurrentDictionary<string, string>();
            var cancelled = 0;
            var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
            {
                var random = new Random(caller);
                for (var i = 0; i < CallsEach; i++)
                {
                    using var cancel = new CancellationTokenSource();
                    var call = obj.GetLayoutAsync(cancel.Token);
                    switch (random.Next(8))
                    {
                        case 0:
                            cancel.Cancel(); // as it is written, or before
                            break;
                        case 1:
                            cancel.CancelAfter(1); // mostly once it is answered, or being resolved
                            break;
                    }

                    try
                    {
                        var layout = await call;
                        Assert.True(seen.TryAdd(layout.Info!.Id!, layout.Info.Type!), $"layout {layout.Info.Id} was handed out twice");
                    }
                    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref cancelled);
                    }
                }
            })).ToArray();
            await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(60));

            // Every caller read the type that goes with its id (a result rewritten or reused under it would not).
            Assert.All(seen, pair => Assert.Equal(TypeOf(int.Parse(pair.Key)), pair.Value));
            Assert.Equal(Callers * CallsEach, seen.Count + cancelled);
            Assert.True(cancelled > 0 && seen.Count > Callers * CallsEach / 2, $"{seen.Count} read, {cancelled} cancelled");

            // The answers of cancelled calls were applied too (in order), or this test operation would fail.
            var last = await obj.GetLayoutAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(TypeOf(int.Parse(last.Info!.Id!)), last.Info.Type);
            Assert.True(int.Parse(last.Info.Id!) > seen.Count, $"the last layout is {last.Info.Id} after {seen.Count} read");
        }
    }

    /// <summary>Reads every response through; replaces every third one by a copy (disposing the engine's) as a caching interceptor would.</summary>
    private sealed class SubstitutingInterceptor : QixGen.Interceptors.IQixInterceptor
    {
        private int _calls;

        public async Task<QixGen.Interceptors.QixRawResponse> InterceptAsync(QixGen.Interceptors.QixCall call, QixGen.Interceptors.QixCallHandler next, CancellationToken cancellationToken)
        {
            var response = await next(call, cancellationToken).ConfigureAwait(false);
            using (JsonDocument.Parse(response.Result.ToArray()))
            {
            }

            if (Interlocked.Increment(ref _calls) % 3 != 0)
            {
                return response;
            }

            var copy = response.Result.ToArray();
            response.Dispose();
            return QixGen.Interceptors.QixRawResponse.FromResult(copy);
        }
    }

    /// <summary>
    /// An engine with one Doc (handle 1) holding one generic object (handle 2) whose GetLayout answers come from
    /// <paramref name="layout"/> (with the 1-based count of GetLayout requests); anything else (CancelRequest) is not
    /// answered: the engine answers a cancelled call normally instead.
    /// </summary>
    internal static Func<JsonElement, ScriptedEngine, string?> OneObject(Func<JsonElement, int, string?> layout)
    {
        var layouts = 0;
        return (request, _) => request.GetProperty("method").GetString() switch
        {
            "OpenDoc" => ScriptedEngine.Result(request, """{"qReturn":{"qType":"Doc","qHandle":1}}"""),
            "GetObject" => ScriptedEngine.Result(request, """{"qReturn":{"qType":"GenericObject","qHandle":2}}"""),
            "GetLayout" => layout(request, ++layouts),
            _ => null,
        };
    }

    /// <summary>The delta answer of layout <paramref name="step"/>: qId "0" first, then each step tests the last id and adds one.</summary>
    internal static string LayoutStep(JsonElement request, int step) => step == 1
        ? Delta(request, """{"qLayout":[{"op":"add","path":"/","value":{"qInfo":{"qId":"0"}}}]}""")
        : Delta(request, $$"""{"qLayout":[{"op":"test","path":"/qInfo/qId","value":"{{step - 2}}"},{"op":"replace","path":"/qInfo/qId","value":"{{step - 1}}"}]}""");

    /// <summary>Runs a test's action once, at the start of the session's next receive (where the loop holds an answer).</summary>
    private sealed class ReceiveHookTransport(QixGen.Transport.IQixTransport inner) : QixGen.Transport.IQixTransport
    {
        public Action? BeforeNextReceive;

        public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) => inner.SendAsync(message, cancellationToken);

        public ValueTask<QixGen.Transport.QixReceiveResult> ReceiveAsync(System.Buffers.IBufferWriter<byte> destination, int maxMessageSize, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref BeforeNextReceive, null)?.Invoke();
            return inner.ReceiveAsync(destination, maxMessageSize, cancellationToken);
        }

        public ValueTask CloseAsync(int closeCode, string? reason, CancellationToken cancellationToken) => inner.CloseAsync(closeCode, reason, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    [Fact]
    public async Task Delta_is_on_by_default_and_off_by_option_or_policy()
    {
        foreach (var (options, expectDelta) in new (QixSessionOptions, bool)[]
        {
            (new QixSessionOptions(), true),
            (new QixSessionOptions { Delta = false }, false),
            (new QixSessionOptions { DeltaPolicy = r => r.Method != "IsDesktopMode" }, false),
        })
        {
            var (session, engine) = ScriptedEngine.Start((request, _) => ScriptedEngine.Result(request, """{"qReturn":true}"""), options);
            await using (engine)
            await using (session)
            {
                await QixApi.GetGlobal(session).IsDesktopModeAsync();
                var frame = JsonDocument.Parse(engine.Received.Single()).RootElement;
                Assert.Equal(expectDelta, frame.TryGetProperty("delta", out var delta) && delta.GetBoolean());
            }
        }
    }
}
