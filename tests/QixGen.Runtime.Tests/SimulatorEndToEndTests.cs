using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Qix;
using QixGen.Errors;
using QixGen.Session;
using QixGen.Testing.Data;
using QixGen.Testing.Hosting;
using Xunit;

namespace QixGen.Runtime.Tests;

/// <summary>Our client against the engine simulator over a real WebSocket on 127.0.0.1, including TTL reattach.</summary>
public sealed class SimulatorEndToEndTests
{
    /// <summary>"It did not hang", not "it was fast": generous for a machine at load ~30 on 2 cores.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static async Task<(QixEngineSimulator Simulator, Uri Url)> StartAsync()
    {
        var simulator = new QixEngineSimulator();
        simulator.AddApp(new AppBuilder("Sales.qvf")
            .Table("Sales", new[] { "Region", "Amount" }, new object?[] { "Nordic", 10.0 }, new object?[] { "Iberia", 20.0 }));
        return (simulator, await simulator.StartWebSocketServerAsync());
    }

    private static async Task WaitForNoSessions(QixEngineSimulator simulator)
    {
        for (var i = 0; i < 500 && simulator.ActiveSessionCount > 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, simulator.ActiveSessionCount);
    }

    [Fact]
    public async Task A_ttl_session_is_reattached_with_its_doc_and_selections()
    {
        var (simulator, root) = await StartAsync();
        await using var _ = simulator;
        var url = new Uri(root, "app/Sales.qvf/identity/jane/ttl/30");

        await using (var first = await QixSession.OpenAsync(new QixSessionOptions { Url = url }))
        {
            Assert.Equal(QixSessionState.Created, await first.WaitForConnectedAsync(Bound));
            var doc = await QixApi.GetGlobal(first).OpenDocAsync("Sales.qvf");
            Assert.True(await (await doc.GetFieldAsync("Region")).SelectValuesAsync(new List<FieldValue> { new() { Text = "Iberia" } }));
        }

        await WaitForNoSessions(simulator);
        await using var second = await QixSession.OpenAsync(new QixSessionOptions { Url = url });
        Assert.Equal(QixSessionState.Attached, await second.WaitForConnectedAsync(Bound));
        var active = await QixApi.GetGlobal(second).GetActiveDocAsync();
        Assert.Equal(1, active.Handle);
        Assert.Equal("20", await active.EvaluateAsync("Sum(Amount)")); // the Iberia selection survived
    }

    [Fact]
    public async Task Without_a_ttl_a_new_connection_is_a_new_engine_session()
    {
        var (simulator, root) = await StartAsync();
        await using var _ = simulator;
        var url = new Uri(root, "app/Sales.qvf");
        await using (var first = await QixSession.OpenAsync(new QixSessionOptions { Url = url }))
        {
            await QixApi.GetGlobal(first).OpenDocAsync("Sales.qvf");
        }

        await WaitForNoSessions(simulator);
        await using var second = await QixSession.OpenAsync(new QixSessionOptions { Url = url });
        Assert.Equal(QixSessionState.Created, await second.WaitForConnectedAsync(Bound));
        await Assert.ThrowsAsync<QixEngineException>(() => QixApi.GetGlobal(second).GetActiveDocAsync());
    }

    [Fact]
    public async Task Suspend_and_resume_against_the_simulator_reattach_and_keep_working()
    {
        var (simulator, root) = await StartAsync();
        await using var _ = simulator;
        await using var session = await QixSession.OpenAsync(new QixSessionOptions { Url = new Uri(root, "app/Sales.qvf/identity/ops/ttl/30") });
        var doc = await QixApi.GetGlobal(session).OpenDocAsync("Sales.qvf");
        var obj = await doc.CreateObjectAsync(new GenericObjectProperties { Info = new NxInfo { Id = "kpi", Type = "kpi" } });

        await session.SuspendAsync();
        await Assert.ThrowsAsync<QixSuspendedException>(() => doc.EvaluateAsync("Sum(Amount)"));
        await WaitForNoSessions(simulator);

        Assert.Equal(QixSessionState.Attached, await session.ResumeAsync(onlyIfAttached: true));
        Assert.Equal("30", await doc.EvaluateAsync("Sum(Amount)"));
        Assert.Equal("kpi", (await obj.Return.GetLayoutAsync()).Info!.Id);
    }
}
