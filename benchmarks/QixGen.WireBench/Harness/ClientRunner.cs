using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace QixGen.WireBench.Harness;

/// <summary>
/// Runs one client as its own OS process (so its CPU time and peak RSS are its own) and reads the result line it
/// prints. .NET clients are this assembly's <c>client</c> command; Node clients are node/wire-client.js.
/// </summary>
internal sealed class ClientRunner
{
    /// <summary>A client that has not finished by then is killed and the run fails (a hang, not a slow client).</summary>
    private static readonly TimeSpan s_bound = TimeSpan.FromMinutes(3);

    private readonly string _nodeFolder;
    private readonly RunSettings _settings;

    public ClientRunner(string nodeFolder, RunSettings settings)
    {
        _nodeFolder = nodeFolder;
        _settings = settings;
    }

    /// <summary>Why the Node clients cannot run (no node on PATH, or no node_modules), or null.</summary>
    public string? NodeProblem()
    {
        if (!File.Exists(Path.Combine(_nodeFolder, "node_modules", "enigma.js", "package.json")) ||
            !File.Exists(Path.Combine(_nodeFolder, "node_modules", "ws", "package.json")))
        {
            return $"enigma.js and ws are not installed in {_nodeFolder}: run `npm ci --prefix {_nodeFolder}`.";
        }

        return Version("node", "--version") is null ? "'node' is not on PATH." : null;
    }

    public async Task<ClientResult> RunAsync(Scenario scenario, string url)
    {
        var start = scenario.IsDotNet ? DotNetStart() : NodeStart();
        start.ArgumentList.Add(Scenario.Name(scenario.Client));
        start.ArgumentList.Add(Scenario.Name(scenario.Workload));
        start.ArgumentList.Add(Scenario.Name(scenario.Mode));
        start.ArgumentList.Add(url);
        foreach (var argument in _settings.ToArguments())
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{scenario}: the client process did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(s_bound).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{scenario}: the client did not finish within {s_bound.TotalMinutes} minutes (killed). Its errors: {Tail(await errors.ConfigureAwait(false))}");
        }

        var text = await output.ConfigureAwait(false);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(ClientResult.Prefix, StringComparison.Ordinal) && process.ExitCode == 0)
            {
                return JsonSerializer.Deserialize<ClientResult>(line.Substring(ClientResult.Prefix.Length), ResultJson.Options)
                    ?? throw new InvalidDataException($"{scenario}: an empty result line.");
            }
        }

        throw new InvalidOperationException($"{scenario}: the client exited with {process.ExitCode} and no result. Its errors: {Tail(await errors.ConfigureAwait(false))}");
    }

    /// <summary>The first line a tool prints for <paramref name="arguments"/> (a version), or null when it cannot run.</summary>
    public static string? Version(string tool, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(start);
            if (process is null || !process.WaitForExit(30_000))
            {
                return null;
            }

            return process.StandardOutput.ReadToEnd().Split('\n')[0].Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static ProcessStartInfo DotNetStart()
    {
        // This assembly's own `client` command, on the same host that runs the harness.
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host);
        start.ArgumentList.Add(typeof(ClientRunner).Assembly.Location);
        start.ArgumentList.Add("client");
        return start;
    }

    private ProcessStartInfo NodeStart()
    {
        var start = new ProcessStartInfo("node");
        // --expose-gc: the idle workload collects before it reads heapUsed, as the .NET one does.
        start.ArgumentList.Add("--expose-gc");
        start.ArgumentList.Add(Path.Combine(_nodeFolder, "wire-client.js"));
        return start;
    }

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : "..." + text.Substring(text.Length - 2000).Trim();
}

/// <summary>The JSON of result lines: camelCase, as node/wire-client.js writes them.</summary>
internal static class ResultJson
{
    public static JsonSerializerOptions Options { get; } = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Line(ClientResult result) => ClientResult.Prefix + JsonSerializer.Serialize(result, Options);
}
