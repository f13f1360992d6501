using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using QixGen.CommandLine;
using QixGen.Session;
using QixGen.Testing.Hosting;

namespace QixGen.Cli.Explorer;

/// <summary>
/// Where <c>call</c> and <c>repl</c> connect: a real engine (<c>--url</c> with the samples' authentication options,
/// <see cref="EngineConnectionOptions"/>) or, by default, the built-in simulator with an app from <c>--csv</c> or <c>--script</c>; and the schema that names
/// the methods (<c>--schema</c>).
/// </summary>
internal sealed class ExplorerConnection
{
    private readonly Option<string> _schema = new("--schema", "-s") { Description = "The engine schema (OpenRPC or enigma.js) that names the methods and parameters.", HelpName = "SCHEMA", Required = true };
    private readonly EngineConnectionOptions _engine = new();
    private readonly SimulatorApp _app = new();

    /// <summary>The --schema option (completion reads the schema it names).</summary>
    public Option<string> Schema => _schema;

    public void AddTo(Command command)
    {
        command.Options.Add(_schema);
        _engine.AddTo(command);
        _app.AddTo(command);
    }

    /// <summary>Connects and returns the explorer, and what to dispose when done (session, simulator).</summary>
    public async Task<(EngineExplorer Explorer, IAsyncDisposable Connection)> ConnectAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var schema = SchemaFile.Load(parsed.GetValue(_schema)!);
        if (_engine.Build(parsed, message => new CliException(message)) is { } options)
        {
            var session = await QixSession.ConnectAsync(options, cancellationToken);
            return (new EngineExplorer(session, schema), session);
        }

        var engine = _app.CreateSimulator(parsed, required: false);
        var simulated = QixSession.Start(engine.ConnectInMemory());
        return (new EngineExplorer(simulated, schema), new Both(simulated, engine));
    }

    private sealed class Both(QixSession session, QixEngineSimulator engine) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await session.DisposeAsync();
            await engine.DisposeAsync();
        }
    }
}
