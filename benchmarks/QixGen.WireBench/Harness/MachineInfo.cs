using System;
using System.IO;
using System.Runtime.InteropServices;

namespace QixGen.WireBench.Harness;

/// <summary>The machine a run measured on: cores, load average before and after, .NET and Node versions, date.</summary>
internal sealed record MachineInfo(DateTimeOffset Started, int Cores, string LoadBefore, string LoadAfter, string DotNet, string Node, string Os, string Cpu)
{
    public static MachineInfo Before() => new MachineInfo(DateTimeOffset.UtcNow, Environment.ProcessorCount, LoadAverage(), "",
        RuntimeInformation.FrameworkDescription, ClientRunner.Version("node", "--version") ?? "not found", RuntimeInformation.OSDescription, CpuModel());

    public MachineInfo After() => this with { LoadAfter = LoadAverage() };

    /// <summary>The 1, 5 and 15 minute load averages (/proc/loadavg), or "unknown".</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown";

    private static string CpuModel()
    {
        if (File.Exists("/proc/cpuinfo"))
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line.Substring(line.IndexOf(':') + 1).Trim();
                }
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
