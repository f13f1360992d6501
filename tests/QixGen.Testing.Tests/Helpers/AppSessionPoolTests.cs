using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Qix;
using QixGen.Apps;
using QixGen.Session;
using QixGen.Testing.Hosting;
using QixGen.Testing.Tests.Infrastructure;
using QixGen.Transport;
using Xunit;

namespace QixGen.Testing.Tests.Helpers;

/// <summary>App sessions by app id and identity: one socket per key, reference counted.</summary>
public sealed class AppSessionPoolTests
{
    private sealed class Engine : IAsyncDisposable
    {
        public QixEngineSimulator Simulator { get; } = new QixEngineSimulator();

        public ConcurrentQueue<QixAppKey> Connects { get; } = new ConcurrentQueue<QixAppKey>();

        public QixAppSessionPool Pool() => new QixAppSessionPool(key =>
        {
            Connects.Enqueue(key);
            return new QixSessionOptions { TransportFactory = (_, _) => new ValueTask<IQixTransport>(Simulator.ConnectInMemory()) };
        });

        public ValueTask DisposeAsync() => Simulator.DisposeAsync();
    }

    private static async Task<Engine> EngineAsync()
    {
        var engine = new Engine();
        engine.Simulator.AddApp(TestApps.Sales());
        await Task.CompletedTask;
        return engine;
    }

    [Fact]
    public async Task OneSocketPerAppAndIdentityClosedByTheLastHolder()
    {
        await using var engine = await EngineAsync();
        await using var pool = engine.Pool();
        var first = await pool.OpenAsync("Sales.qvf", QixApi.DocFactory, cancellationToken: HelperFixture.Bounded());
        var second = await pool.OpenAsync("Sales.qvf", QixApi.DocFactory, cancellationToken: HelperFixture.Bounded());
        Assert.Same(first.Session, second.Session);
        Assert.Same(first.Doc, second.Doc);
        Assert.Single(engine.Connects);

        var other = await pool.OpenAsync("Sales.qvf", QixApi.DocFactory, new QixAppOpenOptions { Identity = "report" }, HelperFixture.Bounded());
        Assert.NotSame(first.Session, other.Session);
        Assert.Equal(2, pool.SessionCount);
        Assert.Equal(new QixAppKey("Sales.qvf", "report"), other.Key);

        // Identities have their own selections.
        var country = await first.Doc.GetFieldAsync("Country");
        await country.SelectValuesAsync(new System.Collections.Generic.List<FieldValue> { new() { Text = "Sweden" } });
        Assert.Equal("1", await second.Doc.EvaluateAsync("Count(DISTINCT Country)")); // the same session sees it
        Assert.Equal("3", await other.Doc.EvaluateAsync("Count(DISTINCT Country)")); // the other identity does not

        await first.DisposeAsync();
        Assert.True(second.Session.IsOpen); // still held
        await first.DisposeAsync(); // twice is harmless
        Assert.True(second.Session.IsOpen);
        await second.DisposeAsync();
        Assert.False(second.Session.IsOpen);
        Assert.Equal(1, pool.SessionCount);

        var again = await pool.OpenAsync("Sales.qvf", QixApi.DocFactory, cancellationToken: HelperFixture.Bounded());
        Assert.NotSame(second.Session, again.Session); // a new socket once the old one closed
        Assert.Equal(3, engine.Connects.Count);
        await again.DisposeAsync();
        await other.DisposeAsync();
        Assert.Equal(0, pool.SessionCount);
    }

    [Fact]
    public async Task ConcurrentOpensShareOneConnectionAttempt()
    {
        await using var engine = await EngineAsync();
        await using var pool = engine.Pool();
        var holders = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => pool.OpenAsync("Sales.qvf", QixApi.DocFactory, cancellationToken: HelperFixture.Bounded()))));
        Assert.Single(engine.Connects);
        Assert.Single(holders.Select(h => h.Session).Distinct());
        await Task.WhenAll(holders.Select(h => h.DisposeAsync().AsTask()));
        Assert.False(holders[0].Session.IsOpen);
        Assert.Equal(0, pool.SessionCount);
    }

    [Fact]
    public async Task OpensWithoutDataWhenAskedAndResumesWhenAsked()
    {
        await using var engine = await EngineAsync();
        await using var pool = engine.Pool();
        await using var bare = await pool.OpenAsync("Sales.qvf", QixApi.DocFactory, new QixAppOpenOptions { Identity = "bare", NoData = true, ResumeOnDrop = true }, HelperFixture.Bounded());
        Assert.True(bare.NoData);
        Assert.False((await bare.Doc.GetAppLayoutAsync()).HasData);
        Assert.True(bare.Session.Options.SuspendOnUnexpectedClose);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pool.OpenAsync("Sales.qvf", QixApi.DocFactory, new QixAppOpenOptions { Identity = "bare" }));

        await using var full = await pool.OpenAsync("Sales.qvf", QixApi.DocFactory, cancellationToken: HelperFixture.Bounded());
        Assert.True((await full.Doc.GetAppLayoutAsync()).HasData);
        Assert.False(full.Session.Options.SuspendOnUnexpectedClose);
    }

    [Fact]
    public async Task ASessionOpenedWithResumeOnDropComesBackAfterTheSocketDrops()
    {
        await using var engine = await EngineAsync();
        var sockets = new ConcurrentQueue<InMemoryTransport>();
        await using var pool = new QixAppSessionPool(_ => new QixSessionOptions
        {
            ResumeRetryDelay = TimeSpan.FromMilliseconds(10),
            TransportFactory = (_, _) =>
            {
                var socket = (InMemoryTransport)engine.Simulator.ConnectInMemory();
                sockets.Enqueue(socket);
                return new ValueTask<IQixTransport>(socket);
            },
        });
        await using var app = await pool.OpenAsync("Sales.qvf", QixApi.DocFactory, new QixAppOpenOptions { ResumeOnDrop = true }, HelperFixture.Bounded());
        var resumed = new TaskCompletionSource<QixSessionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Session.Resumed += (_, state) => resumed.TrySetResult(state);

        Assert.True(sockets.TryPeek(out var first));
        await first.CloseAsync(1006, "network drop", CancellationToken.None);
        await resumed.Task.WaitAsync(HelperFixture.Patience);

        Assert.Equal(2, sockets.Count); // a new socket, the same session object, the same Doc proxy
        Assert.Equal("3", await app.Doc.EvaluateAsync("Count(DISTINCT Country)"));
        Assert.Equal(1, pool.SessionCount);
    }

    [Fact]
    public async Task FailuresReachTheCallerAndLeaveNothingBehind()
    {
        await using var engine = await EngineAsync();
        await using var pool = engine.Pool();
        var error = await Assert.ThrowsAsync<QixGen.Errors.QixEngineException>(() => pool.OpenAsync("Missing.qvf", QixApi.DocFactory, cancellationToken: HelperFixture.Bounded()));
        Assert.Equal(1003, error.Code);
        Assert.Equal(0, pool.SessionCount);
        Assert.Equal(0, engine.Simulator.ActiveSessionCount > 0 ? await WaitForNoSessionsAsync(engine.Simulator) : 0);

        await pool.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.OpenAsync("Sales.qvf", QixApi.DocFactory));
    }

    private static async Task<int> WaitForNoSessionsAsync(QixEngineSimulator simulator)
    {
        using var patience = new CancellationTokenSource(HelperFixture.Patience);
        while (simulator.ActiveSessionCount > 0 && !patience.IsCancellationRequested)
        {
            await Task.Delay(20);
        }

        return simulator.ActiveSessionCount;
    }
}
