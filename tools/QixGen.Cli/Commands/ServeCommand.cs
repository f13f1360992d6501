using System;
using System.CommandLine;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Testing.Data;
using QixGen.Testing.Hosting;

namespace QixGen.Cli.Commands;

/// <summary>
/// <c>qixgen serve</c>: the QixGen engine simulator as a WebSocket server on 127.0.0.1, with one app loaded from a
/// CSV file or a load script, for enigma.js, nebula.js or any other client. Runs until Ctrl+C (SIGINT) or SIGTERM,
/// then closes every session and exits 0.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var csv = new Option<string?>("--csv") { Description = "A CSV file (first line: field names) loaded as one table.", HelpName = "FILE" };
        var script = new Option<string?>("--script") { Description = "A load script (LOAD ... INLINE, LOAD FROM files next to the script) to build the app with.", HelpName = "FILE" };
        var app = new Option<string>("--app") { Description = "The app id clients open (OpenDoc, or the URL path /app/ID).", HelpName = "ID", DefaultValueFactory = _ => "app.qvf" };
        var table = new Option<string?>("--table") { Description = "With --csv: the table name (default: the file name without extension).", HelpName = "NAME" };
        var port = new Option<int>("--port", "-p") { Description = "The port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 0 };
        var command = new Command("serve", "Run the engine simulator as a WebSocket server on 127.0.0.1 with an app from a CSV file or a load script. Prints the URL, then serves until Ctrl+C or SIGTERM.")
        {
            csv, script, app, table, port,
        };
        command.SetAction((parsed, cancellationToken) => ServeAsync(parsed.GetValue(csv), parsed.GetValue(script), parsed.GetValue(app)!, parsed.GetValue(table), parsed.GetValue(port), cancellationToken));
        return command;
    }

    private static async Task<int> ServeAsync(string? csv, string? script, string appId, string? table, int port, CancellationToken cancellationToken)
    {
        if ((csv is null) == (script is null))
        {
            throw new CliException("serve needs exactly one of --csv FILE or --script FILE.");
        }

        var builder = new AppBuilder(appId);
        try
        {
            if (csv is not null)
            {
                builder.Csv(table ?? Path.GetFileNameWithoutExtension(csv), csv);
            }
            else
            {
                builder.DataDirectory(Path.GetDirectoryName(Path.GetFullPath(script!))!).Script(SchemaFile.Read(script!));
            }

            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Both signals end the server the same way; Cancel = true keeps the runtime from ending the process first.
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            await using var engine = new QixEngineSimulator();
            engine.AddApp(builder.Build());
            var uri = await engine.StartWebSocketServerAsync(port, stop.Token);
            Console.WriteLine($"qixgen serve: listening on {uri}app/{Uri.EscapeDataString(appId)} (Ctrl+C or SIGTERM to stop)");
            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // the signal: fall through to the orderly shutdown below
            }

            Console.WriteLine("qixgen serve: stopping");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or UnauthorizedAccessException)
        {
            throw new CliException(e.Message);
        }

        Console.WriteLine("qixgen serve: stopped");
        return 0;
    }
}
