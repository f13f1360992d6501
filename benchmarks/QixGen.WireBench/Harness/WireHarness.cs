using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using QixGen.WireBench.Clients;
using QixGen.WireBench.Engine;

namespace QixGen.WireBench.Harness;

/// <summary>What the harness runs: how many reps, which clients, where the Node clients and the shared fixtures are.</summary>
internal sealed record HarnessOptions(RunSettings Settings, bool Quick, int Reps, IReadOnlyCollection<ClientKind> Clients, string NodeFolder, string SharedDir, TextWriter Log);

/// <summary>Every result of a harness run, the problems met, and the machine around it.</summary>
internal sealed record HarnessRun(IReadOnlyList<(Scenario Scenario, int Rep, ClientResult Result)> Results, IReadOnlyList<string> Problems, MachineInfo Machine, HarnessOptions Options);

/// <summary>
/// Starts the canned engine in this process and runs every client scenario against it as its own process, rep by rep,
/// interleaved: within a rep, each workload's clients run one after the other, in an order rotated per rep.
/// </summary>
internal static class WireHarness
{
    public static async Task<HarnessRun> RunAsync(HarnessOptions options)
    {
        var answers = CannedAnswers.Load(options.SharedDir);
        var runner = new ClientRunner(options.NodeFolder, options.Settings);
        var clients = options.Clients.ToList();
        var problems = new List<string>();
        if (clients.Any(c => c is ClientKind.EnigmaJs or ClientKind.NodeWs) && runner.NodeProblem() is { } nodeProblem)
        {
            problems.Add($"Node clients not run: {nodeProblem}");
            clients.RemoveAll(c => c is ClientKind.EnigmaJs or ClientKind.NodeWs);
        }

        var machine = MachineInfo.Before();
        var results = new List<(Scenario, int, ClientResult)>();
        await using (var engine = CannedEngine.Start(answers))
        {
            var groups = Scenario.All(clients).GroupBy(s => (s.Workload, s.Mode)).Select(g => g.ToList()).ToList();
            for (var rep = 0; rep < options.Reps; rep++)
            {
                for (var g = 0; g < groups.Count; g++)
                {
                    var group = groups[g];
                    for (var i = 0; i < group.Count; i++)
                    {
                        var scenario = group[(i + rep + g) % group.Count];
                        try
                        {
                            var engineCpu = ProcessProbe.CpuTime();
                            var clock = Stopwatch.StartNew();
                            var result = await runner.RunAsync(scenario, engine.UrlFor(scenario.Mode)).ConfigureAwait(false);
                            result = result with { EngineCores = (ProcessProbe.CpuTime() - engineCpu).TotalSeconds / clock.Elapsed.TotalSeconds };
                            if (AnswerCheck.Problem(scenario, answers, options.Settings.IdleSessions, result.Check) is { } problem)
                            {
                                problems.Add($"rep {rep + 1}: {problem}");
                            }
                            else
                            {
                                results.Add((scenario, rep, result));
                            }

                            options.Log.WriteLine($"rep {rep + 1}/{options.Reps} {scenario}: {Summary(result)}");
                        }
                        catch (Exception error)
                        {
                            // One failed run (a client crashed, hung or printed nonsense) is reported; the others still run.
                            problems.Add($"rep {rep + 1}: {error.Message}");
                            options.Log.WriteLine($"rep {rep + 1}/{options.Reps} {scenario}: FAILED {error.Message}");
                        }
                    }
                }
            }
        }

        return new HarnessRun(results, problems, machine.After(), options);
    }

    private static string Summary(ClientResult result) => result.Workload == Scenario.Name(Workload.Idle)
        ? $"{result.HeapPerSessionBytes / 1024:F1} KB heap per session over {result.Sessions} sessions, peak RSS {result.PeakRssBytes / 1048576.0:F0} MB [{result.Check}]"
        : $"{result.Calls / result.Seconds:F0} calls/s, {result.CpuSeconds * 1e6 / result.Calls:F0} us CPU/call, " +
          (result.AllocatedBytes >= 0 ? $"{result.AllocatedBytes / (double)result.Calls / 1024:F1} KB/call, " : "") +
          $"peak RSS {result.PeakRssBytes / 1048576.0:F0} MB, engine {result.EngineCores:F2} cores [{result.Check}]";
}
