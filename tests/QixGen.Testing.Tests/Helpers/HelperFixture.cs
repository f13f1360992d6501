using System;
using System.Threading;
using System.Threading.Tasks;
using Qix;
using QixGen.Session;
using QixGen.Testing.Data;
using QixGen.Testing.Hosting;
using QixGen.Transport;

namespace QixGen.Testing.Tests.Helpers;

/// <summary>A simulator with one app, a client session over memory and the opened app as the generated Doc.</summary>
internal sealed class HelperFixture : IAsyncDisposable
{
    /// <summary>Bound for "it did not hang" waits: generous, for loaded CI machines.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private HelperFixture(QixEngineSimulator simulator, QixSession session, Doc doc)
    {
        Simulator = simulator;
        Session = session;
        Doc = doc;
    }

    public QixEngineSimulator Simulator { get; }

    public QixSession Session { get; }

    public Doc Doc { get; }

    public static async Task<HelperFixture> OpenAsync(QixApp app)
    {
        var simulator = new QixEngineSimulator();
        simulator.AddApp(app);
        var session = await QixSession.OpenAsync(InMemory(simulator));
        await session.WaitForConnectedAsync(Patience);
        var doc = await QixApi.GetGlobal(session).OpenDocAsync(app.Id);
        return new HelperFixture(simulator, session, doc);
    }

    public static QixSessionOptions InMemory(QixEngineSimulator simulator) => new QixSessionOptions
    {
        TransportFactory = (_, _) => new ValueTask<IQixTransport>(simulator.ConnectInMemory()),
    };

    public static CancellationToken Bounded() => new CancellationTokenSource(Patience).Token;

    /// <summary>An app with one table of <paramref name="rows"/> rows: Id (0..n-1), Group (Id mod 7), Value (Id * 2).</summary>
    public static QixApp Numbers(int rows, string id = "Numbers.qvf") => new AppBuilder(id).Table("Numbers", t =>
    {
        t.Columns("Id", "Group", "Value");
        for (var i = 0; i < rows; i++)
        {
            t.Row(i, "G" + (i % 7), i * 2);
        }
    }).Build();

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
