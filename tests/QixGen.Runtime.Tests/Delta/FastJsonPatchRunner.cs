using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>
/// Runs node/crosscheck.js (fast-json-patch under Node) once over a file of cases. CI installs the package with
/// <c>npm ci --prefix tests/QixGen.Runtime.Tests/Delta/node</c>; without it the cross-check is skipped unless
/// <c>QIXGEN_REQUIRE_NODE=1</c>.
/// </summary>
internal static class FastJsonPatchRunner
{
    public const string RequireVariable = "QIXGEN_REQUIRE_NODE";

    public const string InstallCommand = "npm ci --prefix tests/QixGen.Runtime.Tests/Delta/node";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Whether a missing Node or package must fail the test rather than skip it.</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>The folder holding package.json and crosscheck.js, found by walking up from the test binaries.</summary>
    public static string? NodeFolder { get; } = FindRuntimeTestsFolder(Path.Combine("Delta", "node"));

    /// <summary>Why the cross-check cannot run here, or null when Node and fast-json-patch are both present.</summary>
    public static string? FindProblem()
    {
        if (NodeFolder is null)
        {
            return "tests/QixGen.Runtime.Tests/Delta/node was not found above " + AppContext.BaseDirectory + ".";
        }

        if (FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node") is null)
        {
            return "'node' is not on PATH (Node 20 or later is needed for the fast-json-patch cross-check).";
        }

        if (!File.Exists(Path.Combine(NodeFolder, "node_modules", "fast-json-patch", "package.json")))
        {
            return $"fast-json-patch is not installed in {NodeFolder}; run `{InstallCommand}`.";
        }

        return null;
    }

    /// <summary>Runs the script on <paramref name="casesFile"/>, writing <paramref name="resultsFile"/>.</summary>
    public static async Task RunAsync(string casesFile, string resultsFile)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = NodeFolder!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(NodeFolder!, "crosscheck.js"));
        start.ArgumentList.Add(casesFile);
        start.ArgumentList.Add(resultsFile);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node crosscheck.js did not finish within {Timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"node crosscheck.js exited with {process.ExitCode}.\nstdout: {await stdout}\nstderr: {await stderr}");
        }
    }

    /// <summary>
    /// The Node folder <paramref name="relative"/> of tests/QixGen.Runtime.Tests (one with a package.json), found by
    /// walking up from the test binaries: those of QixGen.Runtime.Tests or of QixGen.Runtime.NetStandard.Tests.
    /// </summary>
    internal static string? FindRuntimeTestsFolder(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "QixGen.Runtime.Tests", relative);
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        return null;
    }

    internal static string? FindOnPath(string executable)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, executable);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
