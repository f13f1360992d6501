using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qix;
using QixGen.Errors;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests;

/// <summary>The session's protocol behaviour through the generated bindings, against a scripted engine.</summary>
public sealed class SessionProtocolTests
{
    /// <summary>"It did not hang", not "it was fast": generous for a machine at load ~30 on 2 cores.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Requests_are_numbered_from_1_and_global_is_handle_minus_1()
    {
        var (session, engine) = ScriptedEngine.Start((request, _) => ScriptedEngine.Result(request, "{\"qReturn\":true}"));
        await using (engine)
        await using (session)
        {
            var global = QixApi.GetGlobal(session);
            Assert.True(await global.IsDesktopModeAsync());
            Assert.True(await global.IsDesktopModeAsync());
            var frames = engine.Received.Select(f => JsonDocument.Parse(f).RootElement).ToList();
            Assert.Equal(new[] { 1, 2 }, frames.Select(f => f.GetProperty("id").GetInt32()));
            Assert.All(frames, f => Assert.Equal(-1, f.GetProperty("handle").GetInt32()));
            Assert.All(frames, f => Assert.Equal("2.0", f.GetProperty("jsonrpc").GetString()));
            Assert.Equal("IsDesktopMode", frames[0].GetProperty("method").GetString());
            Assert.Same(global, QixApi.GetGlobal(session));
        }
    }

    [Fact]
    public async Task Engine_errors_become_typed_exceptions_with_code_name_method_and_handle()
    {
        var (session, engine) = ScriptedEngine.Start((request, _) =>
            $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetInt32()},\"error\":{{\"code\":1003,\"parameter\":\"nope.qvf\",\"message\":\"App not found\"}}}}");
        await using (engine)
        await using (session)
        {
            var error = await Assert.ThrowsAsync<QixEngineException>(() => QixApi.GetGlobal(session).OpenDocAsync("nope.qvf"));
            Assert.Equal(1003, error.Code);
            Assert.Equal("LOCERR_APP_NOT_FOUND", error.CodeName);
            Assert.Equal("nope.qvf", error.Parameter);
            Assert.Equal("App not found", error.EngineMessage);
            Assert.Equal("OpenDoc", error.Method);
            Assert.Equal(-1, error.Handle);
        }
    }

    [Fact]
    public async Task Remote_objects_come_from_qReturn_one_proxy_per_handle_with_change_and_close()
    {
        var (session, engine) = ScriptedEngine.Start((request, _) =>
        {
            var method = request.GetProperty("method").GetString();
            return method switch
            {
                "OpenDoc" => ScriptedEngine.Result(request, "{\"qReturn\":{\"qType\":\"Doc\",\"qHandle\":1,\"qGenericId\":\"app.qvf\"}}"),
                "GetField" => ScriptedEngine.Result(request, "{\"qReturn\":{\"qType\":\"Field\",\"qHandle\":2}}"),
                "Clear" => $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetInt32()},\"result\":{{\"qReturn\":true}},\"change\":[1,2]}}",
                "GetCardinal" => $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetInt32()},\"result\":{{\"qReturn\":3}},\"close\":[2]}}",
                "GetObject" => ScriptedEngine.Result(request, "{\"qReturn\":{\"qType\":\"GenericObject\",\"qHandle\":null}}"),
                _ => null,
            };
        });
        await using (engine)
        await using (session)
        {
            var doc = await QixApi.GetGlobal(session).OpenDocAsync("app.qvf");
            var field = await doc.GetFieldAsync("Region");
            Assert.Same(field, await doc.GetFieldAsync("Region"));
            Assert.Equal("app.qvf", doc.GenericId);

            var events = new List<string>();
            doc.Changed += (_, _) => events.Add("doc changed");
            field.Changed += (_, _) => events.Add("field changed");
            field.Closed += (_, _) => events.Add("field closed");
            Assert.True(await field.ClearAsync());
            Assert.Equal(new[] { "doc changed", "field changed" }, events); // raised before the call completed

            Assert.Equal(3, await field.GetCardinalAsync());
            Assert.Equal("field closed", events.Last());
            Assert.True(field.IsClosed);
            await Assert.ThrowsAsync<QixObjectClosedException>(() => field.GetCardinalAsync());

            await Assert.ThrowsAsync<QixObjectNotFoundException>(() => doc.GetObjectAsync("missing"));
        }
    }

    [Fact]
    public async Task A_throwing_event_handler_breaks_neither_the_call_nor_the_session()
    {
        var (session, engine) = ScriptedEngine.Start((request, _) => request.GetProperty("method").GetString() switch
        {
            "OpenDoc" => ScriptedEngine.Result(request, "{\"qReturn\":{\"qType\":\"Doc\",\"qHandle\":1}}"),
            _ => $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetInt32()},\"result\":{{\"qReturn\":true}},\"change\":[1]}}",
        });
        await using (engine)
        await using (session)
        {
            session.Traffic += (_, _) => throw new InvalidOperationException("traffic handler bug");
            var doc = await QixApi.GetGlobal(session).OpenDocAsync("app");
            doc.Changed += (_, _) => throw new InvalidOperationException("user bug");
            Assert.True(await doc.ClearAllAsync().ContinueWith(t => t.IsCompletedSuccessfully).WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.True(await QixApi.GetGlobal(session).IsDesktopModeAsync().WaitAsync(TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public async Task Notifications_are_surfaced_and_OnConnected_tells_created_from_attached()
    {
        foreach (var (state, expected) in new[] { ("SESSION_CREATED", QixSessionState.Created), ("SESSION_ATTACHED", QixSessionState.Attached) })
        {
            var (session, engine) = ScriptedEngine.Start((_, _) => null);
            await using (engine)
            await using (session)
            {
                var seen = new ConcurrentQueue<string>();
                session.NotificationReceived += (_, e) => seen.Enqueue(e.Method);
                await engine.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"OnAuthenticationInformation\",\"params\":{\"userId\":\"u\",\"mustAuthenticate\":false}}");
                await engine.SendAsync($"{{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":{{\"qSessionState\":\"{state}\"}}}}");
                Assert.Equal(expected, await session.WaitForConnectedAsync(Bound));
                Assert.Equal(new[] { "OnAuthenticationInformation", "OnConnected" }, seen);
            }
        }
    }

    [Fact]
    public async Task Waiting_for_OnConnected_times_out_clearly()
    {
        var (session, engine) = ScriptedEngine.Start((_, _) => null);
        await using (engine)
        await using (session)
        {
            var error = await Assert.ThrowsAsync<TimeoutException>(() => session.WaitForConnectedAsync(TimeSpan.FromMilliseconds(50)));
            Assert.Contains("OnConnected", error.Message);
        }
    }

    [Fact]
    public async Task Cancelling_a_sent_call_sends_CancelRequest_with_its_id_and_never_succeeds()
    {
        var slowIds = new ConcurrentQueue<int>();
        var cancelled = new TaskCompletionSource<int>();
        var (session, engine) = ScriptedEngine.Start((request, self) =>
        {
            var id = request.GetProperty("id").GetInt32();
            switch (request.GetProperty("method").GetString())
            {
                case "DoReload":
                    slowIds.Enqueue(id);
                    return null; // answered later
                case "CancelRequest":
                    var target = request.GetProperty("params")[0].GetInt32();
                    cancelled.TrySetResult(target);
                    // The engine still answers the aborted call (late): it must not turn into a success.
                    _ = self.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{target},\"result\":{{\"qReturn\":true}}}}").AsTask();
                    return ScriptedEngine.Result(request, "{}");
                default:
                    return ScriptedEngine.Result(request, "{\"qReturn\":{\"qType\":\"Doc\",\"qHandle\":1}}");
            }
        });
        await using (engine)
        await using (session)
        {
            var doc = await QixApi.GetGlobal(session).OpenDocAsync("app");
            using var cts = new CancellationTokenSource();
            var reload = doc.DoReloadAsync(cancellationToken: cts.Token);
            while (slowIds.IsEmpty) await Task.Delay(5);
            cts.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reload);
            Assert.True(reload.IsCanceled);
            slowIds.TryPeek(out var reloadId);
            Assert.Equal(reloadId, await cancelled.Task.WaitAsync(Bound));
            // The session stays usable and the late answer was dropped quietly.
            Assert.Equal(1, (await QixApi.GetGlobal(session).OpenDocAsync("app")).Handle);
            Assert.True(reload.IsCanceled);
        }
    }

    [Fact]
    public async Task Cancelling_before_send_sends_nothing()
    {
        var (session, engine) = ScriptedEngine.Start((request, _) => ScriptedEngine.Result(request, "{\"qReturn\":true}"));
        await using (engine)
        await using (session)
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => QixApi.GetGlobal(session).IsDesktopModeAsync(cts.Token));
            Assert.True(await QixApi.GetGlobal(session).IsDesktopModeAsync());
            Assert.Single(engine.Received);
            Assert.DoesNotContain("CancelRequest", engine.Received.Single());
        }
    }

    [Fact]
    public async Task Progress_of_a_long_call_is_polled_with_its_request_id()
    {
        // The reload is answered after the third poll, not after a time: at load a timed answer left fewer polls.
        string? reloadAnswer = null;
        var polls = 0;
        var (session, engine) = ScriptedEngine.Start((request, self) =>
        {
            switch (request.GetProperty("method").GetString())
            {
                case "DoReload":
                    reloadAnswer = ScriptedEngine.Result(request, "{\"qReturn\":true}"); // the request is only valid during this callback
                    return null;
                case "GetProgress":
                    var asked = request.GetProperty("params")[0].GetInt32();
                    var progressAnswer = ScriptedEngine.Result(request, $"{{\"qProgressData\":{{\"qStarted\":true,\"qFinished\":false,\"qCompleted\":{asked},\"qTotal\":100}}}}");
                    if (++polls != 3)
                    {
                        return progressAnswer;
                    }

                    self.SendAsync(progressAnswer).AsTask().Wait();
                    return reloadAnswer;
                default:
                    return ScriptedEngine.Result(request, "{\"qReturn\":{\"qType\":\"Doc\",\"qHandle\":1}}");
            }
        });
        await using (engine)
        await using (session)
        {
            var global = QixApi.GetGlobal(session);
            var doc = await global.OpenDocAsync("app");
            var reports = new List<ProgressData>();
            var progress = new SynchronousProgress<ProgressData>(reports.Add);
            var ok = await QixProgress.RunAsync(() => doc.DoReloadAsync(), (id, ct) => global.GetProgressAsync(id, ct), progress, TimeSpan.FromMilliseconds(50)).WaitAsync(Bound);

            Assert.True(ok);
            Assert.True(reports.Count >= 3, $"{reports.Count} reports");
            Assert.All(reports, r => Assert.Equal(2, r.Completed)); // request 2 is the DoReload
        }
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
