#if NET8_0_OR_GREATER
using System;
using System.Threading;

namespace QixGen.Transport;

/// <summary>
/// Counts the process's connections that hold a dedicated receive thread, so that
/// <see cref="Session.QixReceiveMode.Auto"/> gives one only to the first few (<see cref="Limit"/>).
/// </summary>
/// <remarks>
/// Thread-safety: every member may be called from any thread. A slot is taken before connecting and given back exactly
/// once, by its <see cref="ReceiveThread"/> when the connection ends or is disposed, or by the connect that failed.
/// </remarks>
internal static class ReceiveThreadSlots
{
    private static int s_taken;

    /// <summary>
    /// How many connections <see cref="Session.QixReceiveMode.Auto"/> gives a thread of their own: twice the processor
    /// count, at least 8. Beyond it more threads than cores only wait, and an idle thread still holds a stack.
    /// </summary>
    public static int Limit { get; } = Math.Max(8, 2 * Environment.ProcessorCount);

    /// <summary>How many are taken now (explicit <see cref="Session.QixReceiveMode.DedicatedThread"/> included).</summary>
    public static int Taken => Volatile.Read(ref s_taken);

    /// <summary>Takes a slot if fewer than <see cref="Limit"/> are taken.</summary>
    public static bool TryTake()
    {
        var taken = Volatile.Read(ref s_taken);
        while (taken < Limit)
        {
            var seen = Interlocked.CompareExchange(ref s_taken, taken + 1, taken);
            if (seen == taken)
            {
                return true;
            }

            taken = seen;
        }

        return false;
    }

    /// <summary>Takes a slot whatever the count (the session asked for a thread of its own).</summary>
    public static void Take() => Interlocked.Increment(ref s_taken);

    /// <summary>Gives a slot back.</summary>
    public static void Give() => Interlocked.Decrement(ref s_taken);
}
#endif
