using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.IO;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Threading.Tasks;
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
    private static readonly Option<Uri?> UrlOption = new("--url")
    {
        Description = "A real engine's app URL (ws:// or wss://). Without it the sample runs against the built-in engine simulator.",
        HelpName = "wss://host/app/ID",
        CustomParser = ParseEngineUrl,
    };

    private static readonly Option<string?> AppOption = new("--app") { Description = "The app to open on the real engine (required with --url).", HelpName = "ID" };
    private static readonly Option<string?> ApiKeyOption = new("--api-key") { Description = "Qlik Cloud: an API key (or JWT), sent as a bearer token.", HelpName = "KEY" };
    private static readonly Option<string?> CertOption = new("--cert") { Description = "Qlik Sense Enterprise: the QMC-exported client.pem (with --key, --user-directory, --user-id).", HelpName = "client.pem" };
    private static readonly Option<string?> KeyOption = new("--key") { Description = "The QMC-exported client_key.pem that goes with --cert.", HelpName = "client_key.pem" };
    private static readonly Option<string?> RootOption = new("--root") { Description = "The QMC-exported root.pem to trust for the server's certificate.", HelpName = "root.pem" };
    private static readonly Option<string?> UserDirectoryOption = new("--user-directory") { Description = "With --cert: the user directory to act as.", HelpName = "DIR" };
    private static readonly Option<string?> UserIdOption = new("--user-id") { Description = "With --cert: the user id to act as.", HelpName = "USER" };

    private static readonly Option<string?> HeaderOption = new("--header")
    {
        Description = "A header to send, e.g. for header authentication through a virtual proxy.",
        HelpName = "Name=Value",
        CustomParser = ParseHeader,
    };

    private static readonly Option<bool> WindowsOption = new("--windows") { Description = "Windows authentication with the current user's credentials." };

    private readonly ParseResult _parsed;

    private SampleConnection(ParseResult parsed) => _parsed = parsed;

    /// <summary>Whether the sample runs against the built-in simulator (no <c>--url</c>).</summary>
    public bool UseSimulator => _parsed.GetValue(UrlOption) is null;

    /// <summary>The value of one of the sample's own options.</summary>
    public T? GetValue<T>(Option<T> option) => _parsed.GetValue(option);

    /// <summary>
    /// Parses the command line and runs the sample. <c>--help</c> prints every option; a mistake prints one line
    /// and returns 2; a failure of the engine or the network prints one line and returns 1.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, string description, Option[] sampleOptions, Func<SampleConnection, Task> run)
    {
        var root = new RootCommand(description);
        foreach (var option in new Option[] { UrlOption, AppOption, ApiKeyOption, CertOption, KeyOption, RootOption, UserDirectoryOption, UserIdOption, HeaderOption, WindowsOption })
        {
            root.Options.Add(option);
        }

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
    public QixSessionOptions RealEngineOptions()
    {
        var options = new QixSessionOptions { Url = _parsed.GetValue(UrlOption) };
        if (_parsed.GetValue(ApiKeyOption) is { } apiKey)
        {
            options.UseBearerToken(apiKey);
        }

        if (_parsed.GetValue(CertOption) is { } cert)
        {
            var key = _parsed.GetValue(KeyOption) ?? throw Usage("--cert needs --key (the QMC-exported client_key.pem).");
            options.UseClientCertificate(
                QixAuthentication.LoadPemCertificate(cert, key),
                _parsed.GetValue(UserDirectoryOption) ?? throw Usage("--cert needs --user-directory."),
                _parsed.GetValue(UserIdOption) ?? throw Usage("--cert needs --user-id."));
        }

        if (_parsed.GetValue(RootOption) is { } rootPem)
        {
            options.TrustRoot(QixAuthentication.LoadPemRoot(rootPem));
        }

        if (_parsed.GetValue(HeaderOption) is { } header)
        {
            var eq = header.IndexOf('=');
            options.Headers[header.Substring(0, eq)] = header.Substring(eq + 1);
        }

        if (_parsed.GetValue(WindowsOption))
        {
            options.UseWindowsCredentials();
        }

        return options;
    }

    /// <summary>
    /// Session options for where the sample runs: the in-process engine simulator (with the demo app) unless
    /// <c>--url</c> names a real engine. The simulator, when used, is returned so the caller disposes it;
    /// <paramref name="prepare"/> adds what a builder cannot (app objects, variables) to the simulator's app.
    /// </summary>
    public (QixSessionOptions Options, string AppId, IAsyncDisposable? Simulator) Resolve(Func<Testing.Data.AppBuilder>? app = null, Action<Testing.Data.QixApp>? prepare = null)
    {
        if (!UseSimulator)
        {
            return (RealEngineOptions(), _parsed.GetValue(AppOption) ?? throw Usage("--app is required with --url."), null);
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

    private static Uri? ParseEngineUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == "ws" || uri.Scheme == "wss"))
        {
            return uri;
        }

        result.AddError($"--url '{text}' is not an engine URL: ws:// or wss://, e.g. wss://tenant.eu.qlikcloud.com/app/APP-ID.");
        return null;
    }

    private static string? ParseHeader(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (text.IndexOf('=') <= 0)
        {
            result.AddError($"--header '{text}' is not Name=Value.");
            return null;
        }

        return text;
    }
}

/// <summary>A command-line mistake the parser could not see (exit code 2, one line).</summary>
internal sealed class SampleUsageException(string message) : Exception(message);
