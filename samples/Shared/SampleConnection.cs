using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Threading.Tasks;
using QixGen.CommandLine;
using QixGen.Errors;
using QixGen.Session;
using QixGen.Testing.Hosting;

namespace QixGen.Samples;

/// <summary>
/// How every sample reads its command line (System.CommandLine) and connects: to the built-in engine simulator
/// by default, or to a real engine with <c>--url</c> and one of the authentication options.
/// Exit codes: 0 done; 1 the engine or the network failed (one line on stderr); 2 a command-line mistake (one
/// line on stderr, <c>--help</c> for usage). No stack trace for either.
/// </summary>
internal sealed class SampleConnection
{
    // The options that reach a real engine are shared with qixgen call/repl (EngineConnectionOptions.cs).
    private static readonly EngineConnectionOptions Engine = new();
    private static readonly Option<string?> AppOption = new("--app") { Description = "The app to open on the real engine (required with --url).", HelpName = "ID" };

    private readonly ParseResult _parsed;

    private SampleConnection(ParseResult parsed) => _parsed = parsed;

    /// <summary>Whether the sample runs against the built-in simulator (no <c>--url</c>).</summary>
    public bool UseSimulator => _parsed.GetValue(Engine.Url) is null;

    /// <summary>The value of one of the sample's own options.</summary>
    public T? GetValue<T>(Option<T> option) => _parsed.GetValue(option);

    /// <summary>
    /// Parses the command line and runs the sample. <c>--help</c> prints every option; a mistake prints one line
    /// and returns 2; a failure of the engine or the network prints one line and returns 1.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, string description, Option[] sampleOptions, Func<SampleConnection, Task> run)
    {
        var root = new RootCommand(description);
        Engine.AddTo(root);
        root.Options.Add(AppOption);

        foreach (var option in sampleOptions)
        {
            root.Options.Add(option);
        }

        var parsed = root.Parse(args);
        if (parsed.Action is HelpAction)
        {
            return parsed.Invoke();
        }

        if (parsed.Errors.Count > 0)
        {
            return Mistake(parsed.Errors[0].Message);
        }

        try
        {
            await run(new SampleConnection(parsed));
            return 0;
        }
        catch (SampleUsageException e)
        {
            return Mistake(e.Message);
        }
        catch (Exception e) when (e is QixException or IOException or TimeoutException or WebSocketException or AuthenticationException or CryptographicException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{AppName}: {e.Message}");
            return 1;
        }
    }

    /// <summary>A command-line mistake found after parsing (a missing companion option, a value the app lacks).</summary>
    public static SampleUsageException Usage(string message) => new(message);

    /// <summary>Options for a real engine from the command line.</summary>
    public QixSessionOptions RealEngineOptions() =>
        Engine.Build(_parsed, Usage) ?? throw Usage("--url is required for a real engine.");

    /// <summary>
    /// Session options for where the sample runs: the in-process engine simulator (with the demo app) unless
    /// <c>--url</c> names a real engine. The simulator, when used, is returned so the caller disposes it;
    /// <paramref name="prepare"/> adds what a builder cannot (app objects, variables) to the simulator's app.
    /// </summary>
    public (QixSessionOptions Options, string AppId, IAsyncDisposable? Simulator) Resolve(Func<Testing.Data.AppBuilder>? app = null, Action<Testing.Data.QixApp>? prepare = null)
    {
        if (Engine.Build(_parsed, Usage) is { } real)
        {
            return (real, _parsed.GetValue(AppOption) ?? throw Usage("--app is required with --url."), null);
        }

        var simulator = new Testing.Hosting.QixEngineSimulator();
        var built = (app ?? DemoApp.Build)();
        var added = simulator.AddApp(built);
        prepare?.Invoke(added); // not prepare?.Invoke(simulator.AddApp(built)): without prepare that would skip AddApp
        var options = simulator.CreateSessionOptions();
        Console.WriteLine("Running against the built-in QIX engine simulator (pass --url to use a real engine).");
        return (options, built.Id, simulator);
    }

    /// <summary>
    /// Session options for the engine's Global only (no app): <c>--url</c> as given (e.g. Qlik Sense Desktop's
    /// <c>ws://localhost:4848/app/</c>), or the simulator with <paramref name="apps"/>, served on a loopback WebSocket at
    /// the same path (<c>ws://127.0.0.1:PORT/app/</c>). The simulator, when used, is returned so the caller disposes it.
    /// </summary>
    public async Task<(QixSessionOptions Options, IAsyncDisposable? Simulator)> ResolveGlobalAsync(params Testing.Data.AppBuilder[] apps)
    {
        if (!UseSimulator)
        {
            return (RealEngineOptions(), null);
        }

        var simulator = new Testing.Hosting.QixEngineSimulator();
        foreach (var app in apps)
        {
            simulator.AddApp(app);
        }

        var served = await simulator.StartWebSocketServerAsync();
        var options = new QixSessionOptions { Url = new Uri(served, "app/") };
        Console.WriteLine($"Running against the built-in QIX engine simulator at {options.Url} (pass --url to use a real engine).");
        return (options, simulator);
    }

    /// <summary>Connects (one await: transport, session, the engine's OnConnected) and says so.</summary>
    public static async Task<QixSession> ConnectAsync(QixSessionOptions options)
    {
        var session = await QixSession.ConnectAsync(options);
        Console.WriteLine($"Connected ({await session.WaitForConnectedAsync(TimeSpan.FromSeconds(1))}).");
        return session;
    }

    private static string AppName => Path.GetFileNameWithoutExtension(Environment.GetCommandLineArgs()[0]);

    private static int Mistake(string message)
    {
        Console.Error.WriteLine($"{AppName}: {message} (--help lists the options)");
        return 2;
    }
}

/// <summary>A command-line mistake the parser could not see (exit code 2, one line).</summary>
internal sealed class SampleUsageException(string message) : Exception(message);
