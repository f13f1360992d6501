using System;
using System.Collections.Generic;
using System.Linq;

namespace QixGen.WireBench;

/// <summary>Which client a run measures.</summary>
internal enum ClientKind
{
    /// <summary>The generated bindings on this checkout's runtime.</summary>
    QixGen,

    /// <summary>The same with <c>QixSessionOptions.ReceiveMode = ThreadPool</c>, the path of the sessions beyond the automatic receive threads (sequential workloads only).</summary>
    QixGenThreadPool,

    /// <summary>enigma.js 2.15.0 over the ws package (node/).</summary>
    EnigmaJs,

    /// <summary>Floor: a bare ClientWebSocket client (write, send, receive, JsonDocument.Parse, complete by id).</summary>
    DotNetWebSocket,

    /// <summary>Floor: a bare Node ws client (JSON.stringify, send, receive, JSON.parse, complete by id).</summary>
    NodeWs,

    /// <summary>Extra floor, by hand only: one dedicated thread with a blocking socket does everything (the Node model).</summary>
    DotNetThreadInline,

    /// <summary>Extra floor, by hand only: a dedicated blocking receive thread completing through the thread pool.</summary>
    DotNetThreadPool,

    /// <summary>Extra floor, by hand only: the pool shape, but a receive's last answer completes on the receive thread.</summary>
    DotNetThreadHybrid,
}

/// <summary>What a run does.</summary>
internal enum Workload
{
    /// <summary>GetLayout (~2 KB) one after the other.</summary>
    Sequential,

    /// <summary>GetLayout with 64 calls in flight.</summary>
    InFlight64,

    /// <summary>GetHyperCubeData, one 10,000 x 10 page (6.65 MB) per call, one after the other.</summary>
    Page,

    /// <summary>Idle sessions, connected with one Doc open: heap per session.</summary>
    Idle,
}

/// <summary>The delta protocol setting of a run.</summary>
internal enum DeltaMode
{
    /// <summary>No delta: full answers.</summary>
    Off,

    /// <summary>Delta on: the first answer adds the whole value at "/", later ones are small replace patches.</summary>
    On,

    /// <summary>Delta on and nothing changes: every later answer is an empty patch (the engine's steady state).</summary>
    Empty,
}

/// <summary>One client on one workload at one delta setting.</summary>
internal sealed record Scenario(ClientKind Client, Workload Workload, DeltaMode Mode)
{
    public static string Name(ClientKind client) => client switch
    {
        ClientKind.QixGen => "qixgen",
        ClientKind.QixGenThreadPool => "qixgen-pool",
        ClientKind.EnigmaJs => "enigma",
        ClientKind.DotNetWebSocket => "dotnet-ws",
        ClientKind.DotNetThreadInline => "bare-thread-inline",
        ClientKind.DotNetThreadPool => "bare-thread-pool",
        ClientKind.DotNetThreadHybrid => "bare-thread-hybrid",
        _ => "node-ws",
    };

    public static string Name(Workload workload) => workload switch
    {
        Workload.Sequential => "sequential",
        Workload.InFlight64 => "inflight64",
        Workload.Page => "page",
        _ => "idle",
    };

    public static string Name(DeltaMode mode) => mode switch
    {
        DeltaMode.Off => "off",
        DeltaMode.On => "on",
        _ => "empty",
    };

    public static T Parse<T>(string text, Func<T, string> name)
        where T : struct, Enum =>
        Enum.GetValues<T>().FirstOrDefault(v => name(v) == text) is var found && name(found) == text
            ? found
            : throw new ArgumentException($"Unknown {typeof(T).Name} '{text}' (one of {string.Join(", ", Enum.GetValues<T>().Select(name))}).");

    public bool IsDotNet => Client is ClientKind.QixGen or ClientKind.QixGenThreadPool or ClientKind.DotNetWebSocket or ClientKind.DotNetThreadInline or ClientKind.DotNetThreadPool or ClientKind.DotNetThreadHybrid;

    /// <summary>The dedicated-thread floors: run by hand (the client command), never in the harness's runs.</summary>
    public static bool IsByHandOnly(ClientKind client) => client is ClientKind.DotNetThreadInline or ClientKind.DotNetThreadPool or ClientKind.DotNetThreadHybrid;

    public override string ToString() => $"{Name(Client)} {Name(Workload)} delta {Name(Mode)}";

    /// <summary>
    /// Every run of one rep: QixGen and enigma.js on every workload and delta setting, QixGen on the thread pool
    /// on the sequential ones, the floors with delta off (they hold no state), idle sessions for QixGen and enigma.js.
    /// The by-hand floors (<see cref="IsByHandOnly"/>) are never in it.
    /// </summary>
    public static IReadOnlyList<Scenario> All(IReadOnlyCollection<ClientKind> clients)
    {
        var all = new List<Scenario>();
        foreach (var workload in new[] { Workload.Sequential, Workload.InFlight64, Workload.Page })
        {
            foreach (var mode in Enum.GetValues<DeltaMode>())
            {
                foreach (var client in Enum.GetValues<ClientKind>())
                {
                    var floor = client is ClientKind.DotNetWebSocket or ClientKind.NodeWs;
                    // The receive path changes the cost of a round trip: compared where round trips are the cost.
                    var sequentialOnly = client is ClientKind.QixGenThreadPool;
                    if (!IsByHandOnly(client) && (!floor || mode == DeltaMode.Off) && (!sequentialOnly || workload == Workload.Sequential))
                    {
                        all.Add(new Scenario(client, workload, mode));
                    }
                }
            }
        }

        all.Add(new Scenario(ClientKind.QixGen, Workload.Idle, DeltaMode.On));
        all.Add(new Scenario(ClientKind.EnigmaJs, Workload.Idle, DeltaMode.On));
        return all.Where(s => clients.Contains(s.Client)).ToList();
    }
}

/// <summary>How long a client warms up and measures, and how many idle sessions it opens (passed to every client process).</summary>
internal sealed record RunSettings(double WarmupSeconds, double MeasureSeconds, int MinCalls, int IdleSessions)
{
    /// <summary>The client command-line arguments: warm-up and measured seconds, minimum calls, idle sessions.</summary>
    public string[] ToArguments() => new[]
    {
        WarmupSeconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        MeasureSeconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        MinCalls.ToString(System.Globalization.CultureInfo.InvariantCulture),
        IdleSessions.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static RunSettings FromArguments(IReadOnlyList<string> arguments) => new RunSettings(
        double.Parse(arguments[0], System.Globalization.CultureInfo.InvariantCulture),
        double.Parse(arguments[1], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(arguments[2], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(arguments[3], System.Globalization.CultureInfo.InvariantCulture));

    // 2 s of warm-up: with 0.5 s both runtimes were still warming (measured on a quiet machine: enigma.js 19.9k -> 24.3k
    // calls/s, QixGen 16.5k -> 23.1k, sequential GetLayout delta off, 0.5 s vs 4 s warm-up); 3 s until stop 10, cut to
    // keep the run under 10 minutes with the receive-thread client added (tiered JIT settles within the first second).
    public static RunSettings Full { get; } = new RunSettings(2.0, 1.5, 5, 1000);

    /// <summary>A smoke run (QIXGEN_BENCH_QUICK=1 and the test): a few calls each.</summary>
    public static RunSettings Quick { get; } = new RunSettings(0.05, 0.2, 3, 20);
}

/// <summary>What a client process reports (one JSON line on stdout, prefixed <see cref="Prefix"/>).</summary>
internal sealed record ClientResult
{
    public const string Prefix = "WIREBENCH-RESULT ";

    public string Client { get; init; } = "";
    public string Workload { get; init; } = "";
    public string Mode { get; init; } = "";

    /// <summary>Calls completed in the measured phase.</summary>
    public long Calls { get; init; }

    /// <summary>Wall time of the measured phase, seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>Process CPU time (user + system, all threads) in the measured phase, seconds.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Bytes allocated in the measured phase (.NET: GC.GetTotalAllocatedBytes; Node: not measured, -1).</summary>
    public long AllocatedBytes { get; init; } = -1;

    /// <summary>Peak resident set of the whole process (VmHWM), bytes.</summary>
    public long PeakRssBytes { get; init; }

    /// <summary>Idle workload: managed heap (.NET) or V8 heapUsed (Node) per session, bytes.</summary>
    public double HeapPerSessionBytes { get; init; } = -1;

    /// <summary>Idle workload: sessions opened.</summary>
    public int Sessions { get; init; }

    /// <summary>
    /// Set by the harness: the canned engine's CPU time (the harness process) over the client run's wall time, in
    /// cores; well below 1 says the engine was not the bottleneck.
    /// </summary>
    public double EngineCores { get; init; } = -1;

    /// <summary>What the client read back from the last answer (checked by the harness against the canned one).</summary>
    public string Check { get; init; } = "";
}
