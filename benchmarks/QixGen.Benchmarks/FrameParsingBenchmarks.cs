using System.Text;
using BenchmarkDotNet.Attributes;
using QixGen.Protocol;

namespace QixGen.Benchmarks;

/// <summary>
/// Reading the envelope of an incoming frame (id, result span, change list) without decoding the result: the
/// ~2 KB layout answer of the recorded session, a small answer with a change list, and the 10,000 x 10 page.
/// </summary>
[MemoryDiagnoser]
public class FrameParsingBenchmarks
{
    private byte[] _layout = System.Array.Empty<byte>();
    private byte[] _small = System.Array.Empty<byte>();
    private byte[] _page = System.Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        _layout = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":{\"qLayout\":" + DecodeBenchmarks.LayoutJson() + "}}");
        _small = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":43,\"delta\":true,\"result\":{\"qReturn\":true},\"change\":[1,3]}");
        _page = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":44,\"result\":{\"qDataPages\":" + DecodeBenchmarks.PageJson(10_000, 10) + "}}");
    }

    [Benchmark(Baseline = true)]
    public int Layout() => FrameParser.Parse(_layout).ResultLength;

    [Benchmark]
    public int SmallWithChanges() => FrameParser.Parse(_small).ResultLength;

    [Benchmark]
    public int Page() => FrameParser.Parse(_page).ResultLength;
}
