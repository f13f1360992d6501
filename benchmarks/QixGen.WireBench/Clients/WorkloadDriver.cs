using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.WireBench.Clients;

/// <summary>
/// Runs one call in a loop the way a workload says (one at a time, or 64 in flight from 64 callers) for the warm-up
/// and then the measured phase, and measures the process in that phase. The same driver runs every .NET client.
/// </summary>
internal static class WorkloadDriver
{
    public const int InFlight = 64;

    /// <param name="scenario">The client, workload and delta setting.</param>
    /// <param name="settings">How long to warm up and measure.</param>
    /// <param name="call">One call (its answer decoded as the client decodes answers, then dropped).</param>
    /// <param name="check">One more call after the measured phase, describing what it read (for the harness to check).</param>
    public static async Task<ClientResult> RunAsync(Scenario scenario, RunSettings settings, Func<Task> call, Func<Task<string>> check)
    {
        var parallel = scenario.Workload == Workload.InFlight64 ? InFlight : 1;
        await LoopAsync(call, parallel, TimeSpan.FromSeconds(settings.WarmupSeconds), 1).ConfigureAwait(false);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var cpu = ProcessProbe.CpuTime();
        var allocated = ProcessProbe.AllocatedBytes();
        var clock = Stopwatch.StartNew();
        var calls = await LoopAsync(call, parallel, TimeSpan.FromSeconds(settings.MeasureSeconds), settings.MinCalls).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (ProcessProbe.CpuTime() - cpu).TotalSeconds;
        var allocatedBytes = ProcessProbe.AllocatedBytes() - allocated;
        return new ClientResult
        {
            Client = Scenario.Name(scenario.Client),
            Workload = Scenario.Name(scenario.Workload),
            Mode = Scenario.Name(scenario.Mode),
            Calls = calls,
            Seconds = seconds,
            CpuSeconds = cpuSeconds,
            AllocatedBytes = allocatedBytes,
            PeakRssBytes = ProcessProbe.PeakRssBytes(),
            Check = await check().ConfigureAwait(false),
        };
    }

    /// <summary><paramref name="parallel"/> callers, each calling until the time is up (and at least <paramref name="minCalls"/> calls in all).</summary>
    private static async Task<long> LoopAsync(Func<Task> call, int parallel, TimeSpan duration, int minCalls)
    {
        long calls = 0;
        var clock = Stopwatch.StartNew();
        async Task CallerAsync()
        {
            while (clock.Elapsed < duration || Interlocked.Read(ref calls) < minCalls)
            {
                await call().ConfigureAwait(false);
                Interlocked.Increment(ref calls);
            }
        }

        var callers = new Task[parallel];
        for (var i = 0; i < parallel; i++)
        {
            callers[i] = CallerAsync();
        }

        await Task.WhenAll(callers).ConfigureAwait(false);
        return calls;
    }
}
