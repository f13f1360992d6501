using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace QixGen.Benchmarks;

/// <summary>
/// <c>--cpu Class [rounds]</c>: runs each [Benchmark] method of one class and prints the process CPU time and the
/// bytes allocated per call (medians of the rounds; per operation for a benchmark with OperationsPerInvoke). On a machine shared by many builds, wall-clock means measure
/// the scheduler; CPU time per call stays comparable between runs of two builds.
/// </summary>
internal static class CpuTimeRunner
{
    public static void Run(string className, int rounds)
    {
        var type = typeof(CpuTimeRunner).Assembly.GetTypes().Single(t => t.Name == className);
        var instance = Activator.CreateInstance(type)!;
        type.GetMethods().Single(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null).Invoke(instance, null);
        Console.WriteLine($"| {className} | CPU per call (median of {rounds}) | min-max | allocated per call |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
        {
            var call = (Func<object?>)(() => method.Invoke(instance, null));
            var operations = (double)method.GetCustomAttribute<BenchmarkAttribute>()!.OperationsPerInvoke;
            call();
            var calls = CallsFor(call);
            var cpu = new double[rounds];
            var allocated = new double[rounds];
            for (var round = 0; round < rounds; round++)
            {
                var process = Process.GetCurrentProcess();
                var before = process.TotalProcessorTime;
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < calls; i++)
                {
                    call();
                }

                allocated[round] = (GC.GetAllocatedBytesForCurrentThread() - bytes) / (calls * operations);
                process.Refresh();
                cpu[round] = (process.TotalProcessorTime - before).TotalMilliseconds * 1000 / (calls * operations);
            }

            Array.Sort(cpu);
            Array.Sort(allocated);
            Console.WriteLine($"| {method.Name} | {Format(cpu[rounds / 2])} | {Format(cpu[0])}-{Format(cpu[rounds - 1])} | {allocated[rounds / 2]:N0} B |");
        }
    }

    /// <summary>Enough calls for about 200 ms of CPU per round (process CPU time ticks coarsely).</summary>
    private static int CallsFor(Func<object?> call)
    {
        var watch = Stopwatch.StartNew();
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var calls = 0;
        while (calls < 3 || (process.TotalProcessorTime - before).TotalMilliseconds < 50 && watch.Elapsed.TotalSeconds < 10)
        {
            call();
            calls++;
            process.Refresh();
        }

        var perCall = Math.Max(1e-3, (process.TotalProcessorTime - before).TotalMilliseconds / calls);
        return Math.Max(3, (int)(200 / perCall));
    }

    private static string Format(double microseconds) =>
        microseconds >= 1000 ? $"{microseconds / 1000:0.00} ms" : $"{microseconds:0.00} us";
}
