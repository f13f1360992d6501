using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Auth;
using QixGen.Session;

namespace QixGen.Samples;

/// <summary>
/// How every sample connects: to the built-in engine simulator by default, or to a real engine with
/// <c>--url</c> and one of the authentication options.
/// </summary>
internal sealed class SampleConnection
{
    private readonly Dictionary<string, string> _args;

    private SampleConnection(Dictionary<string, string> args) => _args = args;

    public static SampleConnection Parse(string[] args)
    {
        var parsed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'. {Usage}");
            }

            var key = args[i].Substring(2);
            parsed[key] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }

        return new SampleConnection(parsed);
    }

    public const string Usage =
        "Options: [--url wss://host/app/ID] [--app ID] [--api-key KEY] " +
        "[--cert client.pem --key client_key.pem [--root root.pem] --user-directory DIR --user-id USER] " +
        "[--header Name=Value] [--windows]. Without --url the sample runs against the built-in engine simulator.";

    public bool UseSimulator => !_args.ContainsKey("url");

    public string? AppId => _args.TryGetValue("app", out var app) ? app : null;

    public string? Get(string key) => _args.TryGetValue(key, out var value) ? value : null;

    /// <summary>Options for a real engine from the command line.</summary>
    public QixSessionOptions RealEngineOptions()
    {
        var options = new QixSessionOptions { Url = new Uri(_args["url"]) };
        if (Get("api-key") is { } apiKey)
        {
            options.UseBearerToken(apiKey);
        }

        if (Get("cert") is { } cert)
        {
            var key = Get("key") ?? throw new ArgumentException("--cert needs --key (the QMC-exported client_key.pem).");
            options.UseClientCertificate(
                QixAuthentication.LoadPemCertificate(cert, key),
                Get("user-directory") ?? throw new ArgumentException("--cert needs --user-directory."),
                Get("user-id") ?? throw new ArgumentException("--cert needs --user-id."));
        }

        if (Get("root") is { } root)
        {
            options.TrustRoot(QixAuthentication.LoadPemRoot(root));
        }

        if (Get("header") is { } header && header.IndexOf('=') is var eq and > 0)
        {
            options.Headers[header.Substring(0, eq)] = header.Substring(eq + 1);
        }

        if (Get("windows") is not null)
        {
            options.UseWindowsCredentials();
        }

        return options;
    }

    /// <summary>
    /// Session options for where the sample runs: the in-process engine simulator (with the demo app) unless
    /// <c>--url</c> names a real engine. The simulator, when used, is returned so the caller disposes it.
    /// </summary>
    public (QixSessionOptions Options, string AppId, IAsyncDisposable? Simulator) Resolve(System.Func<Testing.Data.AppBuilder>? app = null)
    {
        if (!UseSimulator)
        {
            return (RealEngineOptions(), AppId ?? throw new ArgumentException("--app is required with --url."), null);
        }

        var simulator = new Testing.Hosting.QixEngineSimulator();
        var built = (app ?? DemoApp.Build)();
        simulator.AddApp(built);
        var options = new QixSessionOptions
        {
            TransportFactory = (_, _) => new ValueTask<Transport.IQixTransport>(simulator.ConnectInMemory()),
        };
        Console.WriteLine("Running against the built-in QIX engine simulator (pass --url to use a real engine).");
        return (options, built.Id, simulator);
    }

    /// <summary>Opens the session and waits for the engine's OnConnected.</summary>
    public static async Task<QixSession> OpenAsync(QixSessionOptions options, CancellationToken cancellationToken = default)
    {
        var session = await QixSession.OpenAsync(options, cancellationToken);
        var state = await session.WaitForConnectedAsync(TimeSpan.FromSeconds(15), cancellationToken);
        Console.WriteLine($"Connected ({state}).");
        return session;
    }
}
