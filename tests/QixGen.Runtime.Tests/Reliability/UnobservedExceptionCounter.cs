using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>
/// Counts task exceptions nobody observed while it is alive (TaskScheduler.UnobservedTaskException). Such faults
/// surface only when their task is finalized, so <see cref="Collect"/> forces that before the count is read.
/// </summary>
internal sealed class UnobservedExceptionCounter : IDisposable
{
    private int _count;

    public UnobservedExceptionCounter()
    {
        // Garbage of earlier tests is not ours to count.
        Collect();
        TaskScheduler.UnobservedTaskException += OnUnobserved;
    }

    public int Count => Volatile.Read(ref _count);

    public ConcurrentQueue<string> Examples { get; } = new();

    /// <summary>Finalizes every unreachable task, so their unobserved faults are counted now.</summary>
    public static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        Interlocked.Increment(ref _count);
        if (Examples.Count < 5)
        {
            Examples.Enqueue((e.Exception.InnerException ?? e.Exception).ToString());
        }

        e.SetObserved();
    }
}
