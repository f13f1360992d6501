using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using QixGen.Delta;
using Xunit;
using Xunit.Abstractions;
using static QixGen.Runtime.Tests.Delta.DeltaTestJson;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>Tests that measure the managed heap run alone, so no other test's allocations count.</summary>
[CollectionDefinition(nameof(HeapMeasurement), DisableParallelization = true)]
public sealed class HeapMeasurement
{
}

/// <summary>What the store keeps alive, measured on the heap: at most 1.2 times the JSON of the values it holds.</summary>
[Collection(nameof(HeapMeasurement))]
public sealed class DeltaHeldSizeTests(ITestOutputHelper output)
{
    private const double MaxRatio = 1.2;

    [Fact]
    public void Layouts_held_cost_at_most_1_2_times_their_json()
    {
        // Enough objects that what other threads of the process hold or free meanwhile (the heap is the whole
        // process's) is small beside the store's own overhead per object.
        const int Objects = 1000;
        var answers = new List<byte[]>();
        long json = 0;
        for (var handle = 0; handle < Objects; handle++)
        {
            var layout = Layout(handle);
            json += Utf8(layout).Length;
            answers.Add(Utf8($$"""{"qLayout":[{"op":"add","path":"/","value":{{layout}}}]}"""));
            answers.Add(Utf8("""{"qLayout":[{"op":"replace","path":"/qHyperCube/qSize/qcy","value":7}]}"""));
        }

        Measure("1,000 layouts of about 2 KB, each patched once", json, store =>
        {
            for (var i = 0; i < answers.Count; i++)
            {
                ResolveAndRelease(store, i / 2, "GetLayout", answers[i]);
            }
        });
    }

    [Fact]
    public void A_large_page_held_costs_at_most_1_2_times_its_json()
    {
        var page = Utf8(DeltaQueueTests.PageResult(rows: 10_000));
        var patch = Utf8("""{"qDataPages":[{"op":"replace","path":"/0/qMatrix/5000/3/qState","value":"X"}]}""");
        var json = page.Length - """{"qDataPages":[{"op":"add","path":"/","value":}]}""".Length;
        Measure("a 10,000 x 10 page, patched once", json, store =>
        {
            ResolveAndRelease(store, 1, "GetHyperCubeData", page);
            ResolveAndRelease(store, 1, "GetHyperCubeData", patch);
        });
    }

    /// <summary>
    /// The heap one filled store holds. A method of its own, so that no variable of the caller (a debug build keeps
    /// them to the end of the method) holds the store of an earlier attempt while the next one is measured.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long HeldBy(Action<DeltaStore> fill)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var store = new DeltaStore();
        fill(store);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(store.Count > 0, "the store holds no value: nothing was measured");
        return after - before;
    }

    /// <summary>As the session: the caller reads the result and lets go of it (the store may then patch it in place).</summary>
    private static void ResolveAndRelease(DeltaStore store, int handle, string method, byte[] answer)
    {
        var queued = store.Enqueue(handle, method, outKey: null, answer, owner: null);
        queued.Resolve();
        queued.Release();
    }

    private void Measure(string what, long json, Action<DeltaStore> fill)
    {
        // The heap is the whole process's: what another thread holds at the second reading (a timer, a session of an
        // earlier test still closing) counts too. That only adds, so the least of three fills is the store's own.
        var held = long.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            held = Math.Min(held, HeldBy(fill));
        }

        var ratio = held / (double)json;
        output.WriteLine($"{what}: {held:N0} bytes of heap held for {json:N0} bytes of JSON ({ratio:0.000}x)");
        Assert.True(ratio <= MaxRatio, $"{what}: the store holds {held:N0} bytes of heap for {json:N0} bytes of JSON ({ratio:0.000}x, at most {MaxRatio}x)");
    }

    /// <summary>A GenericObject layout of about 2 KB (a table's hypercube header), distinct per handle.</summary>
    private static string Layout(int handle)
    {
        var dimensions = new List<string>();
        for (var d = 0; d < 4; d++)
        {
            dimensions.Add($$"""{"qFallbackTitle":"Dimension {{d}}","qApprMaxGlyphCount":{{10 + d}},"qCardinal":{{handle * 10 + d}},"qSortIndicator":"A","qGroupFieldDefs":["Field{{d}}"],"qMin":"NaN","qMax":"NaN","qTags":["$ascii","$text"],"qDimensionType":"D","qGrouping":"N","qNumFormat":{"qType":"U","qnDec":0,"qUseThou":0},"qIsAutoFormat":true}""");
        }

        return $$"""{"qInfo":{"qId":"obj-{{handle}}","qType":"table"},"qMeta":{"privileges":["read","update","delete"]},"qSelectionInfo":{},"qHyperCube":{"qSize":{"qcx":5,"qcy":{{handle * 100}}},"qDimensionInfo":[{{string.Join(",", dimensions)}}],"qMeasureInfo":[{"qFallbackTitle":"Sum(Sales)","qApprMaxGlyphCount":8,"qCardinal":0,"qSortIndicator":"D","qMin":0,"qMax":{{handle * 1.5}},"qIsAutoFormat":true}],"qEffectiveInterColumnSortOrder":[0,1,2,3,4],"qGrandTotalRow":[],"qDataPages":[],"qPivotDataPages":[],"qStackedDataPages":[],"qMode":"S","qNoOfLeftDims":-1,"qTreeNodesOnDim":[],"qColumnOrder":[]},"title":"A table with a title {{handle}}","showTitles":true,"visualization":"table"}""";
    }
}
