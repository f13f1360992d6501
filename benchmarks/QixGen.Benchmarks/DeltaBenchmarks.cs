using System;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using QixGen.Delta;

namespace QixGen.Benchmarks;

/// <summary>
/// The delta store on a whole <c>result</c> object: a small replace on the ~2 KB layout of the recorded session, an
/// empty patch on it (the engine's steady state), the first full value of a 10,000 x 10 page, an empty patch on it,
/// and a four-cell patch in the middle of it. The first five go through the public <see cref="DeltaStore.ApplyResult"/>
/// (which copies the answer in and the result out, as it always did, so they compare with the figures before the
/// store held bytes); the <c>Session</c> ones go the way the session does (queued from the receive buffer, resolved
/// by the caller, the result handed out shared).
/// </summary>
[MemoryDiagnoser]
public class DeltaBenchmarks
{
    private const int LayoutHandle = 1;
    private const int PageHandle = 2;

    private DeltaStore _store = new DeltaStore();
    private byte[] _layoutFull = Array.Empty<byte>();
    private byte[] _layoutReplace = Array.Empty<byte>();
    private byte[] _layoutLeaves = Array.Empty<byte>();
    private byte[] _empty = Array.Empty<byte>();
    private byte[] _pageFull = Array.Empty<byte>();
    private byte[] _pageEmpty = Array.Empty<byte>();
    private byte[] _pagePatch = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        _layoutFull = Result("qLayout", $$"""[{"op":"add","path":"/","value":{{DecodeBenchmarks.LayoutJson()}}}]""");
        _layoutReplace = Result("qLayout", """[{"op":"replace","path":"/qInfo/qId","value":"bench-replaced"}]""");
        // The wire benchmark's small patches: three leaves deep in the layout (grand total, a state count).
        _layoutLeaves = Result("qLayout", """
            [{"op":"replace","path":"/qHyperCube/qGrandTotalRow/0/qText","value":"51,1"},{"op":"replace","path":"/qHyperCube/qGrandTotalRow/0/qNum","value":51.1},
             {"op":"replace","path":"/qHyperCube/qDimensionInfo/0/qStateCounts/qSelected","value":0}]
            """);
        _empty = Result("qLayout", "[]");
        _pageFull = Result("qDataPages", $$"""[{"op":"add","path":"/","value":{{DecodeBenchmarks.PageJson(rows: 10_000, columns: 10)}}}]""");
        _pageEmpty = Result("qDataPages", "[]");
        _pagePatch = Result("qDataPages", """
            [{"op":"replace","path":"/0/qMatrix/5000/3/qState","value":"S"},{"op":"replace","path":"/0/qMatrix/5000/3/qText","value":"changed"},
             {"op":"replace","path":"/0/qMatrix/5001/3/qState","value":"S"},{"op":"replace","path":"/0/qMatrix/5001/3/qNum","value":1.5}]
            """);
        _store = new DeltaStore();
        _store.ApplyResult(LayoutHandle, "GetLayout", _layoutFull);
        _store.ApplyResult(PageHandle, "GetHyperCubeData", _pageFull);
    }

    private static byte[] Result(string outKey, string patch) => Encoding.UTF8.GetBytes($$"""{"{{outKey}}":{{patch}}}""");

    /// <summary>Reference: one Utf8JsonReader pass over the layout's result (the figures compare across runs as ratios to it).</summary>
    [Benchmark]
    public long LayoutTokenise() => Tokenise(_layoutFull);

    /// <summary>Reference: one Utf8JsonReader pass over the page's result.</summary>
    [Benchmark]
    public long PageTokenise() => Tokenise(_pageFull);

    private static long Tokenise(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 512 });
        reader.Read();
        reader.Skip();
        return reader.BytesConsumed;
    }

    [Benchmark]
    public int LayoutReplace() => _store.ApplyResult(LayoutHandle, "GetLayout", _layoutReplace).Length;

    [Benchmark]
    public int LayoutEmptyPatch() => _store.ApplyResult(LayoutHandle, "GetLayout", _empty).Length;

    [Benchmark]
    public int PageFullAdd() => _store.ApplyResult(3, "GetHyperCubeData", _pageFull).Length;

    [Benchmark]
    public int PageEmptyPatch() => _store.ApplyResult(PageHandle, "GetHyperCubeData", _pageEmpty).Length;

    [Benchmark]
    public int PagePatch() => _store.ApplyResult(PageHandle, "GetHyperCubeData", _pagePatch).Length;

    [Benchmark]
    public int SessionLayoutReplace() => Session(LayoutHandle, "GetLayout", _layoutReplace);

    [Benchmark]
    public int SessionLayoutThreeLeaves() => Session(LayoutHandle, "GetLayout", _layoutLeaves);

    /// <summary>
    /// Four three-leaf answers queued before the first is resolved, and each still read when the next is resolved, as
    /// when calls on one object are pipelined: the first is patched in place, the next two go through rented arrays,
    /// the last into an array of its own (figures are per answer).
    /// </summary>
    [Benchmark(OperationsPerInvoke = 4)]
    public int SessionLayoutPipelined()
    {
        var answers = new DeltaAnswer[4];
        for (var i = 0; i < answers.Length; i++)
        {
            answers[i] = _store.Enqueue(LayoutHandle, "GetLayout", outKey: null, _layoutLeaves, owner: null);
        }

        var length = 0;
        foreach (var answer in answers)
        {
            length += answer.Resolve().Length;
        }

        foreach (var answer in answers)
        {
            answer.Release();
        }

        return length;
    }

    [Benchmark]
    public int SessionLayoutEmptyPatch() => Session(LayoutHandle, "GetLayout", _empty);

    [Benchmark]
    public int SessionPageFullAdd() => Session(3, "GetHyperCubeData", _pageFull);

    [Benchmark]
    public int SessionPageEmptyPatch() => Session(PageHandle, "GetHyperCubeData", _pageEmpty);

    [Benchmark]
    public int SessionPagePatch() => Session(PageHandle, "GetHyperCubeData", _pagePatch);

    /// <summary>As the session: queued, resolved by the caller, read, and let go of when the response is disposed.</summary>
    private int Session(int handle, string method, byte[] result)
    {
        var answer = _store.Enqueue(handle, method, outKey: null, result, owner: null);
        var length = answer.Resolve().Length;
        answer.Release();
        return length;
    }
}
