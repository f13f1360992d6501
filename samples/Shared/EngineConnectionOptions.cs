using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.IO;
using System.Security.Cryptography;
using QixGen.Session;

namespace QixGen.CommandLine;

/// <summary>
/// The command-line options that connect to a real engine, shared by the samples and <c>qixgen call</c>/<c>repl</c>
/// (this file is linked into both): <c>--url</c> and one way to authenticate (API key, client certificate with
/// <c>X-Qlik-User</c>, header, proxy ticket, Windows credentials). Every instance owns its options, so each
/// command can add its own set.
/// </summary>
internal sealed class EngineConnectionOptions
{
    public Option<Uri?> Url { get; } = new("--url")
    {
        Description = "A real engine's app URL (ws:// or wss://). Without it: the built-in engine simulator.",
        HelpName = "wss://host/app/ID",
        CustomParser = ParseEngineUrl,
    };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "Qlik Cloud: an API key (or JWT), sent as a bearer token.", HelpName = "KEY" };
    public Option<string?> Cert { get; } = new("--cert") { Description = "Qlik Sense Enterprise: the QMC-exported client.pem (with --key, --user-directory, --user-id).", HelpName = "client.pem" };
    public Option<string?> Key { get; } = new("--key") { Description = "The QMC-exported client_key.pem that goes with --cert.", HelpName = "client_key.pem" };
    public Option<string?> KeyPassword { get; } = new("--key-password") { Description = "The password of --key, when the QMC export protected it with one.", HelpName = "PASSWORD" };
    public Option<string?> Root { get; } = new("--root") { Description = "The QMC-exported root.pem to trust for the server's certificate.", HelpName = "root.pem" };
    public Option<string?> UserDirectory { get; } = new("--user-directory") { Description = "With --cert: the user directory to act as (X-Qlik-User).", HelpName = "DIR" };
    public Option<string?> UserId { get; } = new("--user-id") { Description = "With --cert: the user id to act as (X-Qlik-User).", HelpName = "USER" };

    public Option<string?> Header { get; } = new("--header")
    {
        Description = "A header to send, e.g. for header authentication through a virtual proxy.",
        HelpName = "Name=Value",
        CustomParser = ParseHeader,
    };

    public Option<string?> Ticket { get; } = new("--ticket") { Description = "A one-time proxy ticket, sent as qlikTicket in the URL.", HelpName = "TICKET" };
    public Option<bool> Windows { get; } = new("--windows") { Description = "Windows authentication with the current user's credentials." };

    /// <summary>Every option, in the order <c>--help</c> lists them.</summary>
    public Option[] All => new Option[] { Url, ApiKey, Cert, Key, KeyPassword, Root, UserDirectory, UserId, Header, Ticket, Windows };

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The session options for <c>--url</c> and the authentication options given, or null without <c>--url</c>.
    /// </summary>
    /// <param name="parsed">The parsed command line.</param>
    /// <param name="usage">Makes the exception for a command-line mistake (a missing companion option, an unreadable certificate).</param>
    public QixSessionOptions? Build(ParseResult parsed, Func<string, Exception> usage)
    {
        var url = parsed.GetValue(Url);
        if (url is null)
        {
            foreach (var option in All)
            {
                if (option != Url && parsed.GetResult(option) is { Implicit: false })
                {
                    throw usage($"{option.Name} needs --url (without it the built-in simulator runs, which needs no authentication).");
                }
            }

            return null;
        }

        if (parsed.GetValue(Ticket) is { } ticket)
        {
            var query = (url.Query.Length > 1 ? url.Query.Substring(1) + "&" : "") + "qlikTicket=" + Uri.EscapeDataString(ticket);
            url = new UriBuilder(url) { Query = query }.Uri;
        }

        var options = new QixSessionOptions { Url = url };
        if (parsed.GetValue(ApiKey) is { } apiKey)
        {
            options.UseBearerToken(apiKey);
        }

        if (parsed.GetValue(Cert) is { } cert)
        {
            var key = parsed.GetValue(Key) ?? throw usage("--cert needs --key (the QMC-exported client_key.pem).");
            var directory = parsed.GetValue(UserDirectory) ?? throw usage("--cert needs --user-directory.");
            var user = parsed.GetValue(UserId) ?? throw usage("--cert needs --user-id.");
            var certificate = Load("--cert", () => parsed.GetValue(KeyPassword) is { } password
                ? QixAuthentication.LoadPemCertificate(cert, key, password)
                : QixAuthentication.LoadPemCertificate(cert, key), usage);
            options.UseClientCertificate(certificate, directory, user);
        }
        else if (parsed.GetValue(Key) is not null || parsed.GetValue(KeyPassword) is not null || parsed.GetValue(UserDirectory) is not null || parsed.GetValue(UserId) is not null)
        {
            throw usage("--key, --key-password, --user-directory and --user-id go with --cert.");
        }

        if (parsed.GetValue(Root) is { } rootPem)
        {
            options.TrustRoot(Load("--root", () => QixAuthentication.LoadPemRoot(rootPem), usage));
        }

        if (parsed.GetValue(Header) is { } header)
        {
            var eq = header.IndexOf('=');
            options.Headers[header.Substring(0, eq)] = header.Substring(eq + 1);
        }

        if (parsed.GetValue(Windows))
        {
            options.UseWindowsCredentials();
        }

        return options;
    }

    private static T Load<T>(string option, Func<T> load, Func<string, Exception> usage)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            throw usage($"{option}: {e.Message}");
        }
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
