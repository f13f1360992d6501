using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using QixGen.WireBench;
using QixGen.WireBench.Clients;
using QixGen.WireBench.Engine;
using QixGen.WireBench.Harness;

// QixGen.WireBench: the side-by-side wire benchmark (docs/performance.md). Commands:
//   run [--quick] [--reps N] [--clients qixgen,qixgen-pool,enigma,dotnet-ws,node-ws] [--out FILE] [--node DIR]
//       start the canned engine and run every client as its own process; write the tables into FILE.
//   client CLIENT WORKLOAD MODE URL WARMUP_S MEASURE_S MIN_CALLS IDLE_SESSIONS
//                                               one .NET client run (the harness starts these; bare-thread-inline,
//                                               bare-thread-pool and bare-thread-hybrid are extra floors run only by hand).
//   engine                                      the canned engine alone, until Enter (for trying a client by hand).
return await MainAsync(args);

static async Task<int> MainAsync(string[] args)
{
    try
    {
        return args.FirstOrDefault() switch
        {
            "run" => await RunAsync(args.Skip(1).ToList()),
            "client" => await ClientAsync(args.Skip(1).ToList()),
            "engine" => await EngineAsync(),
            _ => Usage(),
        };
    }
    catch (ArgumentException error)
    {
        Console.Error.WriteLine(error.Message);
        return 2;
    }
}

static int Usage()
{
    Console.Error.WriteLine("usage: QixGen.WireBench run [--quick] [--reps N] [--clients a,b] [--out FILE] [--node DIR] | client CLIENT WORKLOAD MODE URL WARMUP_S MEASURE_S MIN_CALLS IDLE_SESSIONS | engine");
    return 2;
}

static async Task<int> RunAsync(List<string> args)
{
    var quick = args.Remove("--quick") || Environment.GetEnvironmentVariable("QIXGEN_BENCH_QUICK") == "1";
    var repoRoot = FindRepoRoot();
    var reps = int.Parse(Option(args, "--reps") ?? (quick ? "1" : "5"), CultureInfo.InvariantCulture);
    var clients = (Option(args, "--clients") ?? "qixgen,qixgen-pool,enigma,dotnet-ws,node-ws").Split(',')
        .Select(c => Scenario.Parse<ClientKind>(c.Trim(), Scenario.Name)).ToList();
    var output = Option(args, "--out");
    var node = Option(args, "--node") ?? Path.Combine(repoRoot, "benchmarks", "QixGen.WireBench", "node");
    var options = new HarnessOptions(quick ? RunSettings.Quick : RunSettings.Full, quick, reps, clients, node, CannedAnswers.DefaultSharedDir(), Console.Out);
    var run = await WireHarness.RunAsync(options);
    Console.WriteLine();
    Console.WriteLine(Report.Markdown(run));
    if (output is not null)
    {
        Report.WriteInto(output, run);
        Console.WriteLine($"Written into {Path.GetFullPath(output)}.");
    }

    foreach (var problem in run.Problems)
    {
        Console.Error.WriteLine($"problem: {problem}");
    }

    return run.Problems.Any(p => !p.StartsWith("Node clients not run", StringComparison.Ordinal)) ? 1 : 0;
}

static async Task<int> ClientAsync(List<string> args)
{
    if (args.Count != 8)
    {
        return Usage();
    }

    var scenario = new Scenario(Scenario.Parse<ClientKind>(args[0], Scenario.Name), Scenario.Parse<Workload>(args[1], Scenario.Name), Scenario.Parse<DeltaMode>(args[2], Scenario.Name));
    var settings = RunSettings.FromArguments(args.Skip(4).ToList());
    var result = scenario.Client switch
    {
        ClientKind.QixGen => await QixGenClient.RunAsync(scenario, settings, args[3], receiveMode: null),
        ClientKind.QixGenThreadPool when scenario.Workload != Workload.Idle => await QixGenClient.RunAsync(scenario, settings, args[3], QixGen.Session.QixReceiveMode.ThreadPool),
        ClientKind.DotNetWebSocket when scenario.Workload != Workload.Idle && scenario.Mode == DeltaMode.Off => await BareWebSocketClient.RunAsync(scenario, settings, args[3]),
        ClientKind.DotNetThreadInline or ClientKind.DotNetThreadPool or ClientKind.DotNetThreadHybrid when scenario.Workload != Workload.Idle && scenario.Mode == DeltaMode.Off => await DedicatedThreadClient.RunAsync(scenario, settings, args[3]),
        _ => throw new ArgumentException($"{scenario} is not a .NET client run (the floor runs with delta off, not idle)."),
    };
    Console.WriteLine(ResultJson.Line(result));
    return 0;
}

static async Task<int> EngineAsync()
{
    await using var engine = CannedEngine.Start(CannedAnswers.Load(CannedAnswers.DefaultSharedDir()));
    Console.WriteLine($"Canned engine at {engine.Url}{{full,patches,empty}}; Enter stops it.");
    await Task.Run(Console.ReadLine);
    return 0;
}

static string? Option(List<string> args, string name)
{
    var index = args.IndexOf(name);
    if (index < 0)
    {
        return null;
    }

    if (index + 1 >= args.Count)
    {
        throw new ArgumentException($"{name} needs a value.");
    }

    var value = args[index + 1];
    args.RemoveRange(index, 2);
    return value;
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "QixGen.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
