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
using QixGen.Transport;
using Xunit;

namespace QixGen.Runtime.Tests;

/// <summary>Suspend and resume, attached and new-session cases, with several Docs.</summary>
public sealed class SuspendResumeTests
{
    private static (QixSessionOptions Options, ConcurrentQueue<SuspendResumeEngines.FakeEngine> Engines) Options(params SuspendResumeEngines.FakeEngine[] engines) =>
        SuspendResumeEngines.Options(engines);

    /// <summary>"It did not hang", not "it was fast": generous for a machine at load ~30 on 2 cores.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Suspend_closes_with_4000_and_calls_fail_fast_until_resumed_attached()
    {
        var first = new SuspendResumeEngines.FakeEngine("SESSION_CREATED", null);
        var second = new SuspendResumeEngines.FakeEngine("SESSION_ATTACHED", null);
        var (options, _) = Options(first, second);
        await using var session = await QixSession.OpenAsync(options);
        var doc = await QixApi.GetGlobal(session).OpenDocAsync("A.qvf");
        var field = await doc.GetFieldAsync("Region");

        var suspended = 0;
        session.Suspended += (_, e) => suspended++;
        await session.SuspendAsync();
        Assert.Equal(QixSession.SuspendCloseCode, await first.Engine!.Closed.Task.WaitAsync(Bound));
        Assert.True(session.IsSuspended);
        Assert.Equal(1, suspended);
        await Assert.ThrowsAsync<QixSuspendedException>(() => field.GetCardinalAsync());

        Assert.Equal(QixSessionState.Attached, await session.ResumeAsync());
        Assert.False(session.IsSuspended);
        Assert.Equal(42, await field.GetCardinalAsync()); // same proxy, same handle: a reattached Field stays usable
        Assert.Equal(2, field.Handle);
        Assert.Equal(new[] { "GetActiveDoc", "OpenDoc", "GetCardinal" }, second.Calls.Select(c => c.Method));
    }

    [Fact]
    public async Task Resume_on_a_new_session_reacquires_every_doc_and_object_in_place()
    {
        var first = new SuspendResumeEngines.FakeEngine("SESSION_CREATED", null);
        var second = new SuspendResumeEngines.FakeEngine("SESSION_CREATED", activeDoc: "A.qvf");
        var (options, _) = Options(first, second);
        await using var session = await QixSession.OpenAsync(options);
        var global = QixApi.GetGlobal(session);
        var docA = await global.OpenDocAsync("A.qvf");                 // 1
        var docB = await global.OpenDocAsync("B.qvf", "user");         // 2
        var sheet = await docA.GetObjectAsync("sheet-1");              // 3
        var dimension = await docB.GetDimensionAsync("dim-1");         // 4
        var field = await docA.GetFieldAsync("Region");                // 5
        var sessionObject = await docB.CreateSessionObjectAsync(new GenericObjectProperties { Info = new NxInfo { Type = "temp" } }); // 6
        var events = new ConcurrentQueue<string>();
        foreach (var (name, proxy) in new (string, QixGen.Objects.QixObject)[] { ("A", docA), ("B", docB), ("sheet", sheet), ("dim", dimension), ("field", field), ("session object", sessionObject) })
        {
            proxy.Changed += (_, _) => events.Enqueue(name + " changed");
            proxy.Closed += (_, _) => events.Enqueue(name + " closed");
        }

        await session.SuspendAsync();
        Assert.Equal(QixSessionState.Created, await session.ResumeAsync());

        // The frames the new engine session saw, in order: every Doc (active first, then reopened), then its objects.
        Assert.Equal(new[]
        {
            ("GetActiveDoc", -1, "[]"),
            ("OpenDoc", -1, "[\"B.qvf\",\"user\"]"),
            ("GetObject", 1, "[\"sheet-1\"]"),
            ("GetDimension", 2, "[\"dim-1\"]"),
            ("GetObject", 2, "[\"session-object\"]"),
        }, second.Calls.ToArray());

        // Same proxy instances on their new handles.
        Assert.Equal((1, 2, 3, 4), (docA.Handle, docB.Handle, sheet.Handle, dimension.Handle));
        Assert.Contains("A changed", events);
        Assert.Contains("B changed", events);
        Assert.Contains("sheet changed", events);
        Assert.Contains("dim changed", events);
        Assert.Contains("field closed", events); // a Field has no id to fetch it by
        Assert.True(field.IsClosed);
        Assert.Same(docA, session.GetOrCreateObject(docA.Reference, QixApi.DocFactory));
        await Assert.ThrowsAsync<QixObjectClosedException>(() => field.GetCardinalAsync());
    }

    [Fact]
    public async Task A_single_doc_without_an_active_doc_is_reopened_as_enigma_js_does()
    {
        // enigma.js 2.15.0 (SuspendResume.restoreDoc/restoreDocObjects) sends: GetActiveDoc; on error OpenDoc with the
        // original arguments; then Get<Type>(doc, [id]) for each generic object. Field and Variable are closed.
        var first = new SuspendResumeEngines.FakeEngine("SESSION_CREATED", null);
        var second = new SuspendResumeEngines.FakeEngine("SESSION_CREATED", activeDoc: null);
        var (options, _) = Options(first, second);
        await using var session = await QixSession.OpenAsync(options);
        var doc = await QixApi.GetGlobal(session).OpenDocAsync("A.qvf");
        var chart = await doc.GetObjectAsync("chart-1");
        await session.SuspendAsync();
        await session.ResumeAsync();

        Assert.Equal(new[]
        {
            ("GetActiveDoc", -1, "[]"),
            ("OpenDoc", -1, "[\"A.qvf\"]"),
            ("GetObject", 1, "[\"chart-1\"]"),
        }, second.Calls.ToArray());
        Assert.Equal((1, 2), (doc.Handle, chart.Handle));
    }

    [Fact]
    public async Task Resume_only_if_attached_fails_and_closes_when_the_engine_made_a_new_session()
    {
        var (options, _) = Options(new SuspendResumeEngines.FakeEngine("SESSION_CREATED", null), new SuspendResumeEngines.FakeEngine("SESSION_CREATED", null));
        await using var session = await QixSession.OpenAsync(options);
        var doc = await QixApi.GetGlobal(session).OpenDocAsync("A.qvf");
        await session.SuspendAsync();

        await Assert.ThrowsAsync<QixNotConnectedException>(() => session.ResumeAsync(onlyIfAttached: true));
        Assert.False(session.IsOpen);
        Assert.True(doc.IsClosed);
    }

    [Fact]
    public async Task An_unexpected_close_suspends_and_resumes_automatically()
    {
        var first = new SuspendResumeEngines.FakeEngine("SESSION_CREATED", null);
        var second = new SuspendResumeEngines.FakeEngine("SESSION_ATTACHED", null);
        var (options, _) = Options(first, second);
        options.SuspendOnUnexpectedClose = true;
        options.ResumeRetryDelay = TimeSpan.FromMilliseconds(10);
        await using var session = await QixSession.OpenAsync(options);
        var resumed = new TaskCompletionSource<QixSessionState>();
        session.Resumed += (_, state) => resumed.TrySetResult(state);
        var doc = await QixApi.GetGlobal(session).OpenDocAsync("A.qvf");

        await first.Engine!.CloseAsync(1006, "network blip");
        Assert.Equal(QixSessionState.Attached, await resumed.Task.WaitAsync(Bound));
        Assert.False(doc.IsClosed);
        Assert.True(session.IsOpen);
    }
}
