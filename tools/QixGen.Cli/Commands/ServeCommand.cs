using System;
using System.CommandLine;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
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
        var app = new SimulatorApp();
        var port = new Option<int>("--port", "-p") { Description = "The port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 0 };
        var command = new Command("serve", "Run the engine simulator as a WebSocket server on 127.0.0.1 with an app from a CSV file or a load script. Prints the URL, then serves until Ctrl+C or SIGTERM.");
        app.AddTo(command);
        command.Options.Add(port);
        command.SetAction((parsed, cancellationToken) => ServeAsync(app.CreateSimulator(parsed, required: true), parsed.GetValue(app.App)!, parsed.GetValue(port), cancellationToken));
        return command;
    }

    private static async Task<int> ServeAsync(QixEngineSimulator simulator, string appId, int port, CancellationToken cancellationToken)
    {
        await using var engine = simulator;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Both signals end the server the same way; Cancel = true keeps the runtime from ending the process first.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        var uri = await engine.StartWebSocketServerAsync(port, stop.Token);
        Console.WriteLine($"qixgen serve: listening on {uri}app/{Uri.EscapeDataString(appId)} (Ctrl+C or SIGTERM to stop)");
        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // the signal: fall through to the orderly shutdown
        }

        Console.WriteLine("qixgen serve: stopping");
        await engine.DisposeAsync();
        Console.WriteLine("qixgen serve: stopped");
        return 0;
    }
}
