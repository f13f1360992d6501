using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using QixGen.Delta;
using Xunit;
using static QixGen.Runtime.Tests.Delta.DeltaTestJson;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>
/// The store rewriting its last result in place (a splice, while no caller reads that result any more): the results
/// stay those of the general patcher, a result a caller still reads never changes under it, and the array is reused
/// when it may be.
/// </summary>
public sealed class DeltaInPlaceTests
{
    private static readonly string[] OutKeys = { "qLayout", "qDataPages", "qAxisData" };

    [Fact]
    public void Random_patches_applied_in_place_agree_with_the_general_patcher_and_never_change_a_result_still_read()
    {
        var random = new Random(2528);
        var answers = 0;
        var reused = 0;
        var readers = new Readers();
        for (var round = 0; round < 300; round++)
        {
            var store = new DeltaStore();
            var keys = OutKeys.Take(random.Next(1, OutKeys.Length + 1)).ToArray();
            var model = keys.Select(_ => DeltaSpliceTests.RandomContainer(random, depth: 0).ToJsonString()).ToArray();
            var first = Result(keys, model.Select(value => $$"""[{"op":"add","path":"/","value":{{value}}}]""").ToArray());
            byte[]? previousArray = null;
            for (var step = 0; step < 12; step++)
            {
                var patches = step == 0 ? null : keys.Select((_, i) => RandomPatch(random, model[i])).ToArray();
                string? expected;
                try
                {
                    if (patches is not null)
                    {
                        model = model.Select((value, i) => DeltaSpliceTests.General(value, patches[i])).ToArray();
                    }

                    expected = $"{{{string.Join(",", keys.Select((key, i) => $"\"{key}\":{model[i]}"))}}}";
                }
                catch (JsonPatchException)
                {
                    expected = null;
                }

                var answer = store.Enqueue(7, "GetLayout", outKey: null, Utf8(patches is null ? first : Result(keys, patches)), owner: null);
                answers++;
                if (expected is null)
                {
                    Assert.Throws<JsonPatchException>(() => answer.Resolve());
                    answer.Release();
                    break;
                }

                var result = answer.Resolve();
                var text = Text(result.ToArray());
                DeltaTestJson.Equal(expected, text);
                var array = ArrayOf(result);
                if (ReferenceEquals(array, previousArray))
                {
                    reused++;
                }

                previousArray = array;

                // Most callers are done at once (the lane may rewrite those bytes); some keep reading.
                readers.ReleaseOrKeep(random, oneIn: 4, answer, result, text);
            }

            readers.CheckAndReleaseAll();
        }

        // In-place rewrites must have happened often, or this proves little.
        Assert.True(reused > answers / 4, $"{reused} of {answers} results were written over the one before");
    }

    [Fact]
    public void A_result_that_grows_past_its_array_gets_a_new_one_with_room_and_the_next_small_growth_fits_it()
    {
        var store = new DeltaStore();
        var first = Resolve(store, """{"qLayout":[{"op":"add","path":"/","value":{"n":1,"s":"ab"}}]}""", out var firstArray);
        Assert.Equal("""{"qLayout":{"n":1,"s":"ab"}}""", first);
        Assert.Equal(first.Length, firstArray.Length);

        var same = Resolve(store, """{"qLayout":[{"op":"replace","path":"/n","value":2}]}""", out var sameArray);
        Assert.Equal("""{"qLayout":{"n":2,"s":"ab"}}""", same);
        Assert.Same(firstArray, sameArray);

        var grown = Resolve(store, """{"qLayout":[{"op":"replace","path":"/s","value":"abcd"}]}""", out var grownArray);
        Assert.Equal("""{"qLayout":{"n":2,"s":"abcd"}}""", grown);
        Assert.NotSame(firstArray, grownArray);
        Assert.True(grownArray.Length > grown.Length, "a result that outgrew its array gets room to grow");

        var again = Resolve(store, """{"qLayout":[{"op":"replace","path":"/s","value":"abcde"},{"op":"replace","path":"/n","value":30}]}""", out var againArray);
        Assert.Equal("""{"qLayout":{"n":30,"s":"abcde"}}""", again);
        Assert.Same(grownArray, againArray);
    }

    [Fact]
    public void A_result_that_shrinks_below_half_its_array_gets_an_array_of_its_size()
    {
        var store = new DeltaStore();
        Resolve(store, $$$"""{"qLayout":[{"op":"add","path":"/","value":{"s":"{{{new string('x', 200)}}}"}}]}""", out var firstArray);
        var small = Resolve(store, """{"qLayout":[{"op":"replace","path":"/s","value":"y"}]}""", out var smallArray);
        Assert.Equal("""{"qLayout":{"s":"y"}}""", small);
        Assert.NotSame(firstArray, smallArray);
        Assert.Equal(small.Length, smallArray.Length);
    }

    [Fact]
    public void Out_values_that_grow_and_shrink_in_one_answer_move_together()
    {
        var store = new DeltaStore();
        Resolve(store, """{"qDataPages":[{"op":"add","path":"/","value":[{"a":"0123456789","b":1}]}],"qAxisData":[{"op":"add","path":"/","value":{"c":"x","d":[1,2,3]}}]}""", out var firstArray);

        // The first value grows by a byte and the second shrinks by one: the whole would fit, but the values are
        // rewritten one after the other, so the first must fit by itself, and the first result's array has no room.
        var result = Resolve(
            store,
            """{"qDataPages":[{"op":"replace","path":"/0/b","value":22}],"qAxisData":[{"op":"replace","path":"/c","value":""},{"op":"replace","path":"/d/2","value":4}]}""",
            out var array);
        Assert.Equal("""{"qDataPages":[{"a":"0123456789","b":22}],"qAxisData":{"c":"","d":[1,2,4]}}""", result);
        Assert.NotSame(firstArray, array);

        // Now there is room: one shrinks by nine, the other grows by three.
        var shrunk = Resolve(store, """{"qDataPages":[{"op":"replace","path":"/0/a","value":"0"}],"qAxisData":[{"op":"replace","path":"/c","value":"xyz"}]}""", out var shrunkArray);
        Assert.Equal("""{"qDataPages":[{"a":"0","b":22}],"qAxisData":{"c":"xyz","d":[1,2,4]}}""", shrunk);
        Assert.Same(array, shrunkArray);
    }

    [Fact]
    public void A_result_a_caller_still_reads_is_not_rewritten()
    {
        var store = new DeltaStore();
        Resolve(store, """{"qLayout":[{"op":"add","path":"/","value":{"n":1}}]}""", out _);
        var reading = store.Enqueue(7, "GetLayout", outKey: null, Utf8("""{"qLayout":[{"op":"replace","path":"/n","value":2}]}"""), owner: null);
        var read = reading.Resolve();
        var next = Resolve(store, """{"qLayout":[{"op":"replace","path":"/n","value":3}]}""", out var nextArray);
        Assert.Equal("""{"qLayout":{"n":3}}""", next);
        Assert.Equal("""{"qLayout":{"n":2}}""", Text(read.ToArray()));
        Assert.NotSame(ArrayOf(read), nextArray);

        // An empty patch hands the same result out again, and a second reader holds it as well.
        var again = store.Enqueue(7, "GetLayout", outKey: null, Utf8("""{"qLayout":[]}"""), owner: null);
        var againRead = again.Resolve();
        Assert.Same(nextArray, ArrayOf(againRead));
        var after = Resolve(store, """{"qLayout":[{"op":"replace","path":"/n","value":4}]}""", out var afterArray);
        Assert.Equal("""{"qLayout":{"n":4}}""", after);
        Assert.Equal("""{"qLayout":{"n":3}}""", Text(againRead.ToArray()));
        Assert.NotSame(nextArray, afterArray);
        reading.Release();
        again.Release();
    }

    [Fact]
    public void Pipelined_answers_use_rented_arrays_that_go_back_once_and_only_when_nobody_reads_them()
    {
        var random = new Random(1205);
        var pool = new CheckingPool();
        var readers = new Readers();
        for (var round = 0; round < 200; round++)
        {
            var store = new DeltaStore(pool);
            var keys = OutKeys.Take(random.Next(1, OutKeys.Length + 1)).ToArray();
            var model = keys.Select(_ => DeltaSpliceTests.RandomContainer(random, depth: 0).ToJsonString()).ToArray();
            Resolve(store, Result(keys, model.Select(value => $$"""[{"op":"add","path":"/","value":{{value}}}]""").ToArray()), out _);
            for (var burst = 0; burst < 6; burst++)
            {
                // Several answers queued before any is resolved, as when calls on one object are pipelined.
                var queued = new List<(DeltaAnswer Answer, string Expected)>();
                for (var i = random.Next(1, 6); i > 0; i--)
                {
                    var patches = keys.Select((_, k) => RandomPatch(random, model[k], mayFail: false)).ToArray();
                    model = model.Select((value, k) => DeltaSpliceTests.General(value, patches[k])).ToArray();
                    queued.Add((store.Enqueue(7, "GetLayout", outKey: null, Utf8(Result(keys, patches)), owner: null), Whole(keys, model)));
                }

                foreach (var (answer, expected) in queued.OrderBy(_ => random.Next()))
                {
                    var result = answer.Resolve();
                    var text = Text(result.ToArray());
                    DeltaTestJson.Equal(expected, text);
                    readers.ReleaseOrKeep(random, oneIn: 3, answer, result, text);
                }
            }

            // A rented array that went back too early was overwritten by the pool.
            readers.CheckAndReleaseAll();

            // The last answer had none behind it, so the lane keeps no rented array: every one went back.
            Assert.Equal(0, pool.Outstanding);
            Assert.Empty(pool.Faults);
        }

        Assert.True(pool.Rented > 200, $"only {pool.Rented} arrays were rented: the pipelined path was hardly taken");
    }

    [Fact]
    public void A_value_spliced_from_a_rented_result_in_an_answer_whose_other_value_fails_is_read_before_that_array_goes_back()
    {
        var pool = new CheckingPool();
        var store = new DeltaStore(pool);
        Resolve(store, """{"qLayout":[{"op":"add","path":"/","value":{"n":1,"s":"ab"}}],"qDataPages":[{"op":"add","path":"/","value":[1,2]}]}""", out _);

        // Queued behind another, the first goes into a rented array (an add is not a splice: it is composed anew).
        var composed = store.Enqueue(7, "GetLayout", outKey: null, Utf8("""{"qLayout":[{"op":"add","path":"/x","value":0}],"qDataPages":[]}"""), owner: null);
        var failing = store.Enqueue(7, "GetLayout", outKey: null, Utf8("""{"qLayout":[{"op":"replace","path":"/n","value":2}],"qDataPages":[{"op":"remove","path":"/5"}]}"""), owner: null);
        Assert.Equal("""{"qLayout":{"n":1,"s":"ab","x":0},"qDataPages":[1,2]}""", Text(composed.Resolve().ToArray()));
        composed.Release();
        Assert.Equal(1, pool.Outstanding);

        // The first value is spliced from the rented array; the second fails, so the lane lets go of that array while
        // the splice still has to be written from it.
        Assert.Throws<JsonPatchException>(() => failing.Resolve());
        failing.Release();
        Assert.Equal(0, pool.Outstanding);
        Assert.Empty(pool.Faults);

        var next = Resolve(store, """{"qLayout":[]}""", out _);
        Assert.Equal("""{"qLayout":{"n":2,"s":"ab","x":0}}""", next);
    }

    /// <summary>Callers that keep reading their result for a while: it must not change under them.</summary>
    private sealed class Readers
    {
        private readonly List<(DeltaAnswer Answer, ReadOnlyMemory<byte> Result, string Copy)> _kept = new();

        /// <summary>Lets go of the answer at once, or (one time in <paramref name="oneIn"/>) keeps reading it.</summary>
        public void ReleaseOrKeep(Random random, int oneIn, DeltaAnswer answer, ReadOnlyMemory<byte> result, string text)
        {
            if (random.Next(oneIn) == 0)
            {
                _kept.Add((answer, result, text));
            }
            else
            {
                answer.Release();
            }
        }

        /// <summary>Checks every kept result still reads as it did, then lets go of them.</summary>
        public void CheckAndReleaseAll()
        {
            foreach (var (answer, result, copy) in _kept)
            {
                Assert.Equal(copy, Text(result.ToArray()));
                answer.Release();
            }

            _kept.Clear();
        }
    }

    /// <summary>Applies <paramref name="answer"/> as the session does and lets go of it; the result's text and array.</summary>
    private static string Resolve(DeltaStore store, string answer, out byte[] array)
    {
        var queued = store.Enqueue(7, "GetLayout", outKey: null, Utf8(answer), owner: null);
        try
        {
            var result = queued.Resolve();
            array = ArrayOf(result);
            return Text(result.ToArray());
        }
        finally
        {
            queued.Release();
        }
    }

    private static byte[] ArrayOf(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");

    private static string Whole(string[] keys, string[] values) => Result(keys, values);

    internal static string Result(string[] keys, string[] patches) =>
        $"{{{string.Join(",", keys.Select((key, i) => $"\"{key}\":{patches[i]}"))}}}";

    /// <summary>A patch for <paramref name="value"/>: mostly replaces of leaves (spliced), some empty, some the general path takes, some that fail.</summary>
    internal static string RandomPatch(Random random, string value, bool mayFail = true)
    {
        var pointers = new List<string>();
        var leaves = new List<string>();
        DeltaSpliceTests.Collect(JsonNode.Parse(value), "", pointers, leaves);

        // "/" (a member named "") is the whole value in the engine's dialect.
        pointers.Remove("/");
        leaves.Remove("/");
        var kind = random.Next(10);
        if (kind == 0 || pointers.Count == 0)
        {
            return "[]";
        }

        var patch = new JsonArray();
        if (kind == 1 && mayFail)
        {
            // Not a splice: an add (the general path), sometimes at a place that does not exist (a failure).
            var at = pointers[random.Next(pointers.Count)];
            patch.Add(new JsonObject { ["op"] = "add", ["path"] = random.Next(4) == 0 ? at + "/x/y" : at, ["value"] = DeltaSpliceTests.RandomValue(random, depth: 3) });
            return patch.ToJsonString();
        }

        if (kind == 1)
        {
            // An add that cannot fail (a member, or an element at the end): the general path.
            patch.Add(new JsonObject { ["op"] = "add", ["path"] = JsonNode.Parse(value) is JsonArray ? "/-" : "/added", ["value"] = DeltaSpliceTests.RandomValue(random, depth: 3) });
            return patch.ToJsonString();
        }

        var count = random.Next(1, 4);
        var used = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            // Leaves only when the patch may not fail: a replace of a container can remove the target of the next.
            var pointer = leaves.Count > 0 && (!mayFail || random.Next(6) > 0) ? leaves[random.Next(leaves.Count)] : mayFail ? pointers[random.Next(pointers.Count)] : null;
            if (pointer is null)
            {
                break;
            }

            if (used.Add(pointer))
            {
                patch.Add(new JsonObject { ["op"] = "replace", ["path"] = pointer, ["value"] = DeltaSpliceTests.RandomValue(random, depth: 3) });
            }
        }

        return patch.ToJsonString();
    }
}
