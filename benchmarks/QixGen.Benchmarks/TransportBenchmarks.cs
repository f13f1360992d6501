using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using QixGen.Protocol;
using QixGen.Session;

namespace QixGen.Benchmarks;

/// <summary>
/// Whole calls through a session over a loopback WebSocket to <see cref="CannedEngine"/>: sequential GetLayout
/// (~2 KB answers) and 64 GetLayout in flight, delta off, the result skipped (not decoded), so what is measured is
/// the transport and the session's hot path. Allocations include the canned engine's (small, pre-serialised).
/// </summary>
[MemoryDiagnoser]
public class TransportBenchmarks
{
    private const int InFlight = 64;
    private readonly QixRequest _getLayout = new QixRequest(1, "GetLayout", default);
    private readonly Task<QixVoid>[] _calls = new Task<QixVoid>[InFlight];
    private CannedEngine? _engine;
    private QixSession? _session;

    [GlobalSetup]
    public async Task Setup()
    {
        var layout = Encoding.UTF8.GetBytes("{\"qLayout\":" + DecodeBenchmarks.LayoutJson() + "}");
        _engine = new CannedEngine(layout);
        _session = await QixSession.ConnectAsync(new QixSessionOptions { Url = _engine.Url, Delta = false });
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _session!.DisposeAsync();
        await _engine!.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<QixVoid> SequentialGetLayout() => _session!.InvokeAsync(_getLayout, QixVoid.Reader, CancellationToken.None);

    [Benchmark(OperationsPerInvoke = InFlight)]
    public async Task InFlight64GetLayout()
    {
        for (var i = 0; i < InFlight; i++)
        {
            _calls[i] = _session!.InvokeAsync(_getLayout, QixVoid.Reader, CancellationToken.None);
        }

        await Task.WhenAll(_calls);
    }
}
