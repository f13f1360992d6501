using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Session;
using QixGen.Testing.Hosting;

namespace QixGen.Cli.Explorer;

/// <summary>
/// Where <c>call</c> and <c>repl</c> connect: a real engine (<c>--url</c>, with <c>--api-key</c> or <c>--header</c>)
/// or, by default, the built-in simulator with an app from <c>--csv</c> or <c>--script</c>; and the schema that names
/// the methods (<c>--schema</c>).
/// </summary>
internal sealed class ExplorerConnection
{
    private readonly Option<string> _schema = new("--schema", "-s") { Description = "The engine schema (OpenRPC or enigma.js) that names the methods and parameters.", HelpName = "SCHEMA", Required = true };
    private readonly Option<Uri?> _url = new("--url") { Description = "A real engine's URL (ws:// or wss://). Without it: the built-in engine simulator.", HelpName = "wss://host/app/ID" };
    private readonly Option<string?> _apiKey = new("--api-key") { Description = "Qlik Cloud: an API key (or JWT), sent as a bearer token.", HelpName = "KEY" };
    private readonly Option<string?> _header = new("--header") { Description = "A header to send (header authentication through a virtual proxy).", HelpName = "Name=Value" };
    private readonly SimulatorApp _app = new();

    public void AddTo(Command command)
    {
        command.Options.Add(_schema);
        command.Options.Add(_url);
        command.Options.Add(_apiKey);
        command.Options.Add(_header);
        _app.AddTo(command);
    }

    /// <summary>Connects and returns the explorer, and what to dispose when done (session, simulator).</summary>
    public async Task<(EngineExplorer Explorer, IAsyncDisposable Connection)> ConnectAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var schema = SchemaFile.Load(parsed.GetValue(_schema)!);
        if (parsed.GetValue(_url) is { } url)
        {
            if (url.Scheme is not ("ws" or "wss"))
            {
                throw new CliException($"--url '{url}' is not a ws:// or wss:// URL.");
            }

            var options = new QixSessionOptions { Url = url };
            if (parsed.GetValue(_apiKey) is { } key)
            {
                options.UseBearerToken(key);
            }

            if (parsed.GetValue(_header) is { } header)
            {
                var eq = header.IndexOf('=');
                if (eq <= 0)
                {
                    throw new CliException($"--header '{header}' is not Name=Value.");
                }

                options.Headers[header.Substring(0, eq)] = header.Substring(eq + 1);
            }

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
