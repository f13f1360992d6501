using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Protocol;
using QixGen.Session;

namespace QixGen.Benchmarks;

/// <summary>
/// A quick side-by-side loop of the two WebSocket paths (not BenchmarkDotNet): the canned engine runs in a child
/// process (so its CPU is not counted), and each repetition runs ClientWebSocket then the direct path, sequential
/// GetLayout and 64 in flight, delta off, results skipped. Prints calls/s and client CPU per call, medians of the
/// repetitions. Run: <c>dotnet QixGen.Benchmarks.dll wire [reps]</c>.
/// </summary>
internal static class WireLoop
{
    public static async Task<int> RunEngineAsync()
    {
        var layout = Encoding.UTF8.GetBytes("{\"qLayout\":" + DecodeBenchmarks.LayoutJson() + "}");
        await using var engine = new CannedEngine(layout);
        Console.WriteLine(engine.Url);
        await Console.In.ReadLineAsync(); // until the parent closes stdin
        return 0;
    }

    /// <param name="reps">Repetitions.</param>
    /// <param name="only">"direct" or "ClientWebSocket" to run one path (e.g. under strace); null for both.</param>
    public static async Task<int> RunAsync(int reps, string? only)
    {
        var self = typeof(WireLoop).Assembly.Location;
        using var engine = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, $"\"{self}\" engine") { RedirectStandardInput = true, RedirectStandardOutput = true })!;
        var url = new Uri((await engine.StandardOutput.ReadLineAsync())!);
        var paths = new[] { ("ClientWebSocket", true), ("direct", false) }.Where(p => only is null || p.Item1 == only).ToArray();
        if (Environment.GetEnvironmentVariable("QIX_WIRE_WAIT") is { Length: > 0 })
        {
            // For attaching a tracer to this process only (the engine is a child process).
            Console.WriteLine($"pid {Environment.ProcessId}; press Enter");
            await Console.In.ReadLineAsync();
        }

        var workloads = new[] { ("sequential", 1, 4000), ("64 in flight", 64, 300) };
        var results = new (double CallsPerSecond, double CpuMicroseconds)[paths.Length, workloads.Length, reps];
        for (var rep = 0; rep < reps; rep++)
        {
            for (var p = 0; p < paths.Length; p++)
            {
                await using var session = await QixSession.ConnectAsync(new QixSessionOptions { Url = url, Delta = false, UseClientWebSocket = paths[p].Item2 });
                for (var w = 0; w < workloads.Length; w++)
                {
                    results[p, w, rep] = await MeasureAsync(session, workloads[w].Item2, workloads[w].Item3);
                }
            }
        }

        engine.StandardInput.Close();
        await engine.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Console.WriteLine($"{reps} reps, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}, {Environment.ProcessorCount} cores; medians (min-max)");
        Console.WriteLine("| path | workload | calls/s | client CPU us/call |");
        Console.WriteLine("|---|---|---|---|");
        for (var p = 0; p < paths.Length; p++)
        {
            for (var w = 0; w < workloads.Length; w++)
            {
                var rate = Enumerable.Range(0, reps).Select(r => results[p, w, r].CallsPerSecond).OrderBy(x => x).ToArray();
                var cpu = Enumerable.Range(0, reps).Select(r => results[p, w, r].CpuMicroseconds).OrderBy(x => x).ToArray();
                Console.WriteLine($"| {paths[p].Item1} | {workloads[w].Item1} | {rate[reps / 2]:F0} ({rate[0]:F0}-{rate[^1]:F0}) | {cpu[reps / 2]:F1} ({cpu[0]:F1}-{cpu[^1]:F1}) |");
            }
        }

        return 0;
    }

    private static async Task<(double, double)> MeasureAsync(QixSession session, int inFlight, int rounds)
    {
        var request = new QixRequest(1, "GetLayout", default);
        var calls = new Task<QixVoid>[inFlight];
        for (var warm = 0; warm < 50; warm++)
        {
            await session.InvokeAsync(request, QixVoid.Reader, CancellationToken.None);
        }

        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < inFlight; i++)
            {
                calls[i] = session.InvokeAsync(request, QixVoid.Reader, CancellationToken.None);
            }

            await Task.WhenAll(calls);
        }

        watch.Stop();
        process.Refresh();
        var total = (double)rounds * inFlight;
        return (total / watch.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalMilliseconds * 1000 / total);
    }
}
