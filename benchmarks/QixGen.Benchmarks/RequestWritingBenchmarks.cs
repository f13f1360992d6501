using System.Text;
using BenchmarkDotNet.Attributes;
using QixGen.Protocol;

namespace QixGen.Benchmarks;

/// <summary>
/// Writing one request frame (<c>{"jsonrpc":"2.0","id":N,"method":...,"handle":H,"params":[...]}</c>): a GetLayout
/// without parameters and a GetHyperCubeData with its page definition.
/// </summary>
[MemoryDiagnoser]
public class RequestWritingBenchmarks
{
    private readonly QixRequest _getLayout = new QixRequest(3, "GetLayout", default);
    private readonly QixRequest _getData = new QixRequest(3, "GetHyperCubeData",
        Encoding.UTF8.GetBytes("[\"/qHyperCubeDef\",[{\"qLeft\":0,\"qTop\":0,\"qWidth\":10,\"qHeight\":1000}]]"));
    private int _id;

    [Benchmark(Baseline = true)]
    public int GetLayout()
    {
        using var frame = RequestFrameWriter.Write(++_id, _getLayout, delta: true);
        return frame.WrittenCount;
    }

    [Benchmark]
    public int GetHyperCubeData()
    {
        using var frame = RequestFrameWriter.Write(++_id, _getData, delta: true);
        return frame.WrittenCount;
    }
}
