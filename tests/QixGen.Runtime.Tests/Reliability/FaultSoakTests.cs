using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Session;
using QixGen.Transport;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>
/// The fault soak: 16 callers against an engine that delays, reorders, duplicates, errors, swallows and drops,
/// with and without SuspendOnUnexpectedClose. QIXGEN_SOAK_SECONDS (default 60) is split between the two modes.
/// Counts hangs, misrouted answers (by content), leaked pending calls, untyped and unobserved exceptions; all must be
/// zero, and managed memory must not grow without bound.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class FaultSoakTests(ITestOutputHelper output)
{
    private const int Callers = 16;

    /// <summary>A call that takes longer than this hung (CallTimeout is 2 s: everything else ends well before).</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromMinutes(2);

    private static double TotalSeconds =>
        double.TryParse(Environment.GetEnvironmentVariable("QIXGEN_SOAK_SECONDS"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 60;

    [Fact]
    public Task Soak_without_suspend_closed_sessions_are_reopened() => SoakAsync(suspend: false, seed: 8100);

    [Fact]
    public Task Soak_with_SuspendOnUnexpectedClose_sessions_resume() => SoakAsync(suspend: true, seed: 8200);

    private async Task SoakAsync(bool suspend, int seed)
    {
        var duration = TimeSpan.FromSeconds(TotalSeconds / 2);
        var engine = new SoakEngineCounters();
        // Only live engines and sessions are kept: the memory check must see the runtime's retention, not the test's.
        var engines = new ConcurrentDictionary<SoakEngine, byte>();
        var nextSeed = seed;
        var options = new QixSessionOptions
        {
            SuspendOnUnexpectedClose = suspend,
            ResumeRetries = 8,
            ResumeRetryDelay = TimeSpan.FromMilliseconds(10),
            CallTimeout = TimeSpan.FromSeconds(2),
            TransportFactory = (_, _) =>
            {
                var (client, soakEngine) = SoakEngine.Connect(Interlocked.Increment(ref nextSeed), engine);
                engines[soakEngine] = 0;
                soakEngine.Loop.ContinueWith(done => engines.TryRemove(soakEngine, out var unused), TaskScheduler.Default);
                return new ValueTask<IQixTransport>(client);
            },
        };

        var counts = new ConcurrentDictionary<string, int>();
        void Count(string what) => counts.AddOrUpdate(what, 1, (_, n) => n + 1);
        var examples = new ConcurrentQueue<string>();
        void Example(string text)
        {
            if (examples.Count < 10) examples.Enqueue(text);
        }

        var unobserved = new UnobservedExceptionCounter();
        var retired = new ConcurrentQueue<Task>();
        long memoryEarly = 0, memoryLate = 0;
        var memorySamples = new List<long>();
        var watch = Stopwatch.StartNew();
        try
        {
            var current = await OpenAsync(options, Count);

            // A replaced (or the last) session: its pending calls must drain to 0 (typed failures), then it is disposed.
            async Task RetireAsync(QixSession session)
            {
                var settle = Stopwatch.StartNew();
                while (session.PendingCallCount > 0 && settle.Elapsed < HangBound)
                {
                    await Task.Delay(20);
                }

                if (session.PendingCallCount > 0)
                {
                    Count("leaked pending calls");
                }

                await session.DisposeAsync().AsTask().WaitAsync(HangBound);
            }

            var reopenLock = new SemaphoreSlim(1, 1);

            async Task<QixSession> ReopenAsync(QixSession closed)
            {
                await reopenLock.WaitAsync();
                try
                {
                    if (Volatile.Read(ref current) == closed)
                    {
                        Count("reopens");
                        Volatile.Write(ref current, await OpenAsync(options, Count));
                        retired.Enqueue(RetireAsync(closed));
                    }

                    return Volatile.Read(ref current);
                }
                finally
                {
                    reopenLock.Release();
                }
            }

            var deadline = DateTime.UtcNow + duration;
            var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
            {
                for (var n = 0; DateTime.UtcNow < deadline; n++)
                {
                    var session = Volatile.Read(ref current);
                    var argument = $"c{caller}-{n}-\"\\\u00e9";
                    Count("calls");
                    var call = EchoCalls.Call(session, "Echo", argument);
                    try
                    {
                        var answer = await call.WaitAsync(HangBound);
                        Count(answer == argument ? "answered" : "misrouted");
                        if (answer != argument) Example($"misrouted: asked {argument}, got {answer}");
                    }
                    catch (TimeoutException) when (!call.IsCompleted)
                    {
                        Count("hangs");
                        Example($"hang: {argument}");
                        _ = call.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    }
                    catch (QixEngineException e)
                    {
                        Count(e.Parameter == argument ? "engine errors" : "misrouted");
                        if (e.Parameter != argument) Example($"misrouted error: asked {argument}, got {e.Parameter}");
                    }
                    catch (QixTimeoutException)
                    {
                        Count("timeouts");
                    }
                    catch (QixSuspendedException)
                    {
                        Count("failed while suspended");
                        await Task.Delay(5);
                    }
                    catch (QixSessionClosedException)
                    {
                        Count("failed on close");
                        await ReopenAsync(session);
                    }
                    catch (QixException e)
                    {
                        Count("other typed: " + e.GetType().Name);
                    }
                    catch (Exception e)
                    {
                        Count("untyped");
                        Example("untyped: " + e);
                    }
                }
            })).ToList();

            // Managed memory every tenth of the run. The baseline is the lowest sample before the end: earlier tests'
            // pooled buffers (ArrayPool.Shared) may be trimmed only some time into the run, while a leak per call or
            // per connection grows every sample and shows at the end.
            for (var tenth = 1; tenth <= 10; tenth++)
            {
                await Task.Delay(duration / 10);
                memorySamples.Add(GC.GetTotalMemory(forceFullCollection: true));
            }

            await Task.WhenAll(callers);
            memoryLate = GC.GetTotalMemory(forceFullCollection: true);
            memoryEarly = memorySamples.Take(memorySamples.Count - 1).Min();

            // Let a resume or a close in progress settle, then nothing may be pending anywhere.
            await Task.WhenAll(retired).WaitAsync(HangBound);
            await RetireAsync(Volatile.Read(ref current)).WaitAsync(HangBound);
            foreach (var soakEngine in engines.Keys)
            {
                soakEngine.Stop();
                await soakEngine.Loop.WaitAsync(HangBound);
            }

            UnobservedExceptionCounter.Collect();
        }
        finally
        {
            unobserved.Dispose();
        }

        int Get(string key) => counts.TryGetValue(key, out var value) ? value : 0;
        output.WriteLine($"fault soak, {(suspend ? "SuspendOnUnexpectedClose" : "no suspend (reopen)")}, {Callers} callers, {watch.Elapsed.TotalSeconds:F1} s, seed {seed}");
        output.WriteLine("callers saw: " + string.Join(", ", counts.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        output.WriteLine($"engine did: connections {engine.Connections}, requests {engine.Requests}, immediate {engine.Immediate}, delayed {engine.Delayed}, " +
            $"reordered {engine.Reordered}, duplicated {engine.Duplicated}, errors {engine.Errors}, swallowed {engine.Swallowed}, drops {engine.Drops}, CancelRequests {engine.CancelRequests}");
        output.WriteLine($"unobserved task exceptions {unobserved.Count}; managed memory baseline {memoryEarly / 1024} KiB, end {memoryLate / 1024} KiB; samples (KiB): {string.Join(" ", memorySamples.Select(m => m / 1024))}");
        foreach (var example in examples.Concat(unobserved.Examples.Select(e => "unobserved: " + e))) output.WriteLine(example);

        Assert.Equal(0, Get("hangs"));
        Assert.Equal(0, Get("misrouted"));
        Assert.Equal(0, Get("untyped"));
        Assert.Equal(0, Get("leaked pending calls"));
        Assert.Equal(0, unobserved.Count);
        Assert.True(Get("answered") > 0);
        Assert.True(engine.Drops > 0, "the soak must drop connections to mean anything");
        Assert.True(suspend ? Get("resumes") > 0 : Get("reopens") > 0);
        // Generous: only growth proportional to the run (a leak per call or connection) fails it.
        Assert.True(memoryLate <= (memoryEarly * 2) + (64L * 1024 * 1024), $"managed memory grew from {memoryEarly} to {memoryLate} bytes");
    }

    private static async Task<QixSession> OpenAsync(QixSessionOptions options, Action<string> count)
    {
        var session = await QixSession.OpenAsync(options);
        session.Resumed += (_, _) => count("resumes");
        session.Suspended += (_, _) => count("suspends");
        session.ProtocolError += (_, _) => count("ProtocolError events");
        return session;
    }
}
