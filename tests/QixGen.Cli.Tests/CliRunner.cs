using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace QixGen.Cli.Tests;

/// <summary>Runs qixgen in-process with captured standard output and error (the tests of this assembly run one at a time).</summary>
internal static class CliRunner
{
    private static readonly object s_console = new();

    public static string SharedDir { get; } =
        Environment.GetEnvironmentVariable("QIX_SHARED_DIR") is { Length: > 0 } fromEnv
            ? fromEnv
            : typeof(CliRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QixSharedDir").Value!;

    public static string OpenRpc(string version) => Path.Combine(SharedDir, "schemas", "openrpc", $"engine-rpc-{version}.json");

    public static string Enigma(string version) => Path.Combine(SharedDir, "schemas", "enigmajs", $"{version}.json");

    /// <summary>qixgen as its own process (serve, repl: signals and standard input), with redirected streams.</summary>
    public static System.Diagnostics.Process StartProcess(params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qixgen.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return System.Diagnostics.Process.Start(info)!;
    }

    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        lock (s_console)
        {
            var (oldOut, oldError) = (Console.Out, Console.Error);
            using var output = new StringWriter();
            using var error = new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                // Only serve is truly asynchronous, and its tests run qixgen as a process: these commands finish synchronously.
                var code = Program.Main(args).GetAwaiter().GetResult();
                return (code, output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }
    }
}
