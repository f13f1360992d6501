using System;
using System.Diagnostics;
using System.IO;

namespace QixGen.WireBench.Clients;

/// <summary>What a .NET client process measures of itself: CPU time, allocation, peak RSS.</summary>
internal static class ProcessProbe
{
    /// <summary>User + system CPU time of every thread of this process.</summary>
    public static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Bytes allocated on every thread so far (precise).</summary>
    public static long AllocatedBytes() => GC.GetTotalAllocatedBytes(precise: true);

    /// <summary>The peak resident set (VmHWM in /proc/self/status), bytes; -1 where there is no /proc.</summary>
    public static long PeakRssBytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return -1;
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line.Substring(6).Trim().Split(' ')[0];
                return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }
}
