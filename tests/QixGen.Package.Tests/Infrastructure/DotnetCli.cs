using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Package.Tests;

/// <summary>What a child process printed and how it ended.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    public override string ToString() => $"`{Command}` exited {ExitCode}\n{StandardOutput}\n{StandardError}";
}

/// <summary>
/// Runs `dotnet` (or a built program) as a user would: outside this test run's MSBuild (the variables the
/// test host inherited from `dotnet test` are removed), no build servers left behind, and a bound on time
/// after which the process tree is killed and the test fails.
/// </summary>
internal static class DotnetCli
{
    /// <summary>Variables `dotnet test` sets for its own MSBuild that would steer a child build wrongly.</summary>
    private static readonly string[] InheritedBuildVariables =
    {
        "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly",
        "DOTNET_HOST_PATH", "VSTEST_HOST_DEBUG", "MSBUILDNOINPROCNODE",
    };

    public static Task<ProcessResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunProgramAsync("dotnet", workingDirectory, timeout, null, arguments);

    public static async Task<ProcessResult> RunProgramAsync(string program, string workingDirectory, TimeSpan timeout, IDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in InheritedBuildVariables)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        if (environment is not null)
        {
            foreach (var pair in environment)
            {
                start.Environment[pair.Key] = pair.Value;
            }
        }

        var command = program + " " + string.Join(" ", arguments);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + command);
        process.StandardInput.Close();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var readOut = PumpAsync(process.StandardOutput, stdout);
        var readErr = PumpAsync(process.StandardError, stderr);
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Task.WhenAll(readOut, readErr);
            throw new TimeoutException($"`{command}` did not finish within {timeout.TotalSeconds:0} s (killed).\n{stdout}\n{stderr}");
        }

        await Task.WhenAll(readOut, readErr);
        return new ProcessResult(command, process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static async Task PumpAsync(System.IO.StreamReader reader, StringBuilder into)
    {
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            lock (into)
            {
                into.AppendLine(line);
            }
        }
    }
}
