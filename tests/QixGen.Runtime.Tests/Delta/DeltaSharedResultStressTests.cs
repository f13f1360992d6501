using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using QixGen.Delta;
using Xunit;
using Xunit.Abstractions;
using static QixGen.Runtime.Tests.Delta.DeltaTestJson;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>
/// The store's shared results under the session's traffic: one thread queues answers (the receive loop) while several
/// others resolve them in any order, read them, keep some a while, release some without resolving them (a call that
/// ended first: applied on the thread pool), mixed with per-value <see cref="DeltaStore.Apply"/>, failing patches,
/// answers with fewer or reordered out values, and <see cref="DeltaStore.RemoveHandle"/> with answers queued. Every
/// result must be its own answer's value for as long as its caller reads it, and every rented array must go back to
/// the pool exactly once (<see cref="CheckingPool"/> fills it with garbage when it does).
/// </summary>
/// <remarks>
/// 60 rounds (about two seconds) in CI; <c>QIXGEN_DELTA_SOAK_SECONDS=n</c> runs rounds for n seconds (docs/reliability.md).
/// Not in parallel with other tests: four threads keep both cores busy for a second or two.
/// </remarks>
[Collection(Reliability.ReliabilityCollection.Name)]
public sealed class DeltaSharedResultStressTests(ITestOutputHelper output)
{
    private const string Method = "GetLayout";
    private const int Workers = 4;
    private static readonly string[] OutKeys = { "qLayout", "qDataPages", "qAxisData" };
    private static readonly int[] Handles = { 7, 8 };

    [Fact]
    public void Answers_resolved_kept_released_and_abandoned_on_many_threads_each_read_their_own_value_and_every_rented_array_goes_back_once()
    {
        var soakSeconds = int.TryParse(Environment.GetEnvironmentVariable("QIXGEN_DELTA_SOAK_SECONDS"), out var seconds) && seconds > 0 ? seconds : 0;
        var soakUntil = DateTime.UtcNow.AddSeconds(soakSeconds);
        var totals = new Totals();
        var rounds = 0;
        for (; rounds < 60 || DateTime.UtcNow < soakUntil; rounds++)
        {
            RunRound(new Random(20261130 + rounds), totals);
        }

        output.WriteLine($"{rounds} rounds, {Workers} workers: {totals.Answers} answers, {totals.Rented} arrays rented, {totals.Kept} results kept, {totals.Abandoned} released unresolved, {totals.Failed} failed");

        // The paths this test is about must have been taken, or it proves little.
        Assert.True(totals.Rented > rounds * 2, $"only {totals.Rented} arrays were rented in {rounds} rounds");
        Assert.True(totals.Kept > rounds * 3, $"only {totals.Kept} results were kept while later answers applied");
        Assert.True(totals.Abandoned > rounds * 2, $"only {totals.Abandoned} answers were released unresolved");
        Assert.True(totals.Failed > rounds / 4, $"only {totals.Failed} answers failed");
    }

    private static void RunRound(Random random, Totals totals)
    {
        var pool = new CheckingPool();
        var store = new DeltaStore(pool);
        var calls = new List<Call>();
        var kept = new List<(Call Call, ReadOnlyMemory<byte> Result, string Text)>();
        var all = new List<DeltaAnswer>();
        var errors = new List<string>();
        var produced = 0;
        var workerSeeds = Enumerable.Range(0, Workers).Select(_ => random.Next()).ToArray();

        var workers = workerSeeds.Select(seed => new Thread(() => Work(new Random(seed)))).ToList();
        workers.ForEach(worker => worker.Start());
        try
        {
            Produce(random);
        }
        finally
        {
            Volatile.Write(ref produced, 1);
            foreach (var worker in workers)
            {
                // Bounded: a worker stuck in the store would otherwise hang the run.
                Assert.True(worker.Join(TimeSpan.FromSeconds(60)), "a worker did not finish within 60 s");
            }
        }

        foreach (var (call, result, text) in kept)
        {
            Check(call, Text(result.ToArray()), text, "kept to the end");
            call.Answer.Release();
        }

        // Answers released unresolved are applied on the thread pool; their arrays go back once that is done.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((all.Any(answer => !answer.IsDone) || pool.Outstanding > 0) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }

        Assert.Empty(errors);
        Assert.Empty(pool.Faults);
        Assert.All(all, answer => Assert.True(answer.IsDone, "an answer released unresolved was never applied"));
        Assert.Equal(0, pool.Outstanding);
        totals.Rented += pool.Rented;

        void Produce(Random random)
        {
            var model = Handles.ToDictionary(handle => handle, _ => new Dictionary<string, string?>());
            for (var step = 0; step < 40; step++)
            {
                var handle = Handles[random.Next(Handles.Length)];
                var values = model[handle];
                var kind = random.Next(20);
                if (kind == 0)
                {
                    // The handle closes with answers queued: they still apply (to the lane they were queued in); the
                    // next answers start from nothing.
                    store.RemoveHandle(handle);
                    values.Clear();
                    continue;
                }

                if (kind == 1 && values.FirstOrDefault(pair => pair.Value is not null) is { Key: { } key, Value: { } current })
                {
                    // One out value through the public API, on the same lane (it applies every answer queued before it).
                    var patch = DeltaInPlaceTests.RandomPatch(random, current, mayFail: false);
                    values[key] = DeltaSpliceTests.General(current, patch);
                    var value = Text(store.Apply(handle, Method, key, Utf8(patch)));
                    lock (calls)
                    {
                        if (!Same(values[key]!, value))
                        {
                            errors.Add($"Apply of {key} on {handle}: expected {values[key]} but got {value}");
                        }
                    }

                    continue;
                }

                // Usually every out value in the same order; sometimes fewer, or another order.
                var keys = OutKeys.Take(1 + (handle % 3)).ToArray();
                if (random.Next(8) == 0)
                {
                    keys = keys.OrderBy(_ => random.Next()).Take(random.Next(1, keys.Length + 1)).ToArray();
                }

                var empty = random.Next(6) == 0;
                var failed = false;
                var patches = new string[keys.Length];
                for (var i = 0; i < keys.Length; i++)
                {
                    var held = values.TryGetValue(keys[i], out var value) ? value : null;
                    if (held is null)
                    {
                        held = DeltaSpliceTests.RandomContainer(random, depth: 0).ToJsonString();
                        patches[i] = $$"""[{"op":"add","path":"/","value":{{held}}}]""";
                        values[keys[i]] = held;
                        continue;
                    }

                    patches[i] = empty ? "[]" : DeltaInPlaceTests.RandomPatch(random, held, mayFail: random.Next(4) == 0);
                    try
                    {
                        values[keys[i]] = DeltaSpliceTests.General(held, patches[i]);
                    }
                    catch (JsonPatchException)
                    {
                        // The store drops a value whose patch failed; the others of the answer still apply.
                        values[keys[i]] = null;
                        failed = true;
                    }
                }

                var expected = failed ? null : DeltaInPlaceTests.Result(keys, keys.Select(key => values[key]!).ToArray());
                var answer = store.Enqueue(handle, Method, outKey: null, Utf8(DeltaInPlaceTests.Result(keys, patches)), owner: null);
                Interlocked.Increment(ref totals.Answers);
                lock (calls)
                {
                    all.Add(answer);
                    calls.Add(new Call(answer, expected, $"handle {handle} step {step}"));
                    Monitor.PulseAll(calls);
                }

                if (random.Next(3) == 0)
                {
                    // Let the workers catch up now and then, so the queue is sometimes empty and sometimes long.
                    Thread.Sleep(0);
                }
            }
        }

        void Work(Random random)
        {
            while (true)
            {
                Call call;
                (Call Call, ReadOnlyMemory<byte> Result, string Text)? release = null;
                lock (calls)
                {
                    while (calls.Count == 0 && Volatile.Read(ref produced) == 0)
                    {
                        Monitor.Wait(calls, 50);
                    }

                    if (calls.Count == 0)
                    {
                        return;
                    }

                    var at = random.Next(calls.Count);
                    call = calls[at];
                    calls.RemoveAt(at);
                    if (kept.Count > 0 && random.Next(3) == 0)
                    {
                        var keptAt = random.Next(kept.Count);
                        release = kept[keptAt];
                        kept.RemoveAt(keptAt);
                    }
                }

                if (release is { } done)
                {
                    Check(done.Call, Text(done.Result.ToArray()), done.Text, "kept a while");
                    done.Call.Answer.Release();
                }

                if (random.Next(8) == 0)
                {
                    Interlocked.Increment(ref totals.Abandoned);
                    call.Answer.Release();
                    continue;
                }

                ReadOnlyMemory<byte> result;
                try
                {
                    result = call.Answer.Resolve();
                }
                catch (JsonPatchException e)
                {
                    if (call.Expected is not null)
                    {
                        Fail($"{call.Name}: expected {call.Expected} but the answer failed: {e.Message}");
                    }

                    Interlocked.Increment(ref totals.Failed);
                    call.Answer.Release();
                    continue;
                }

                var text = Text(result.ToArray());
                if (call.Expected is null)
                {
                    Fail($"{call.Name}: expected a failure but got {text}");
                }
                else if (!Same(call.Expected, text))
                {
                    Fail($"{call.Name}: expected {call.Expected} but got {text}");
                }

                // Read again after other threads had a chance to apply later answers: it must not have changed.
                Thread.Sleep(0);
                Check(call, Text(result.ToArray()), text, "read twice");
                if (random.Next(4) == 0)
                {
                    Interlocked.Increment(ref totals.Kept);
                    lock (calls)
                    {
                        kept.Add((call, result, text));
                    }
                }
                else
                {
                    call.Answer.Release();
                }
            }
        }

        void Check(Call call, string now, string before, string how)
        {
            if (now != before)
            {
                Fail($"{call.Name}: a result {how} changed under its reader: it was {before}, now {now}");
            }
        }

        void Fail(string error)
        {
            lock (calls)
            {
                errors.Add(error);
            }
        }
    }

    private static bool Same(string expected, string actual)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected), System.Text.Json.Nodes.JsonNode.Parse(actual));
        }
        catch (System.Text.Json.JsonException)
        {
            return false; // garbage from a returned array
        }
    }

    private sealed record Call(DeltaAnswer Answer, string? Expected, string Name);

    private sealed class Totals
    {
        public int Rented;
        public int Kept;
        public int Abandoned;
        public int Failed;
        public int Answers;
    }
}
