using System;
using System.Threading.Tasks;
using QixGen.Testing.Hosting;

namespace QixGen.Testing.Tests.Infrastructure;

/// <summary>A simulator with the Sales app and one connected raw client with the app open.</summary>
internal sealed class SimulatorFixture : IAsyncDisposable
{
    private SimulatorFixture(QixEngineSimulator engine, RawClient client, int doc)
    {
        Engine = engine;
        Client = client;
        Doc = doc;
    }

    public QixEngineSimulator Engine { get; }

    public RawClient Client { get; }

    public int Doc { get; }

    public static async Task<SimulatorFixture> OpenSalesAsync(QixSimulatorOptions? options = null)
    {
        var engine = new QixEngineSimulator(options);
        engine.AddApp(TestApps.Sales());
        var client = new RawClient(engine.ConnectInMemory());
        await client.Connected;
        var doc = await client.OpenDocAsync("Sales.qvf");
        return new SimulatorFixture(engine, client, doc);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
