using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace QixGen.WireBench.Harness;

/// <summary>
/// Turns a harness run into the wire section of docs/performance.md: medians with min-max over the reps, ratios
/// QixGen / enigma.js at the same delta setting (median of the per-rep ratios, so that load drift between reps
/// cancels) and against the floors, and the targets of issue 12 marked met or missed.
/// </summary>
internal static class Report
{
    public const string Begin = "<!-- wire-bench:begin (written by benchmarks/run-wire.sh; edits inside are overwritten) -->";
    public const string End = "<!-- wire-bench:end -->";

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    /// <summary>Replaces the generated block of <paramref name="path"/> (appends one when there is none).</summary>
    public static void WriteInto(string path, HarnessRun run)
    {
        var block = Begin + "\n" + Markdown(run) + End;
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        text = start >= 0 && end > start
            ? text.Substring(0, start) + block + text.Substring(end + End.Length)
            : text.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, text);
    }

    public static string Markdown(HarnessRun run)
    {
        var m = run.Machine;
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"Measured {m.Started:yyyy-MM-dd HH:mm} UTC: {m.Cores} cores ({m.Cpu}), {m.Os}; {m.DotNet}, Node {m.Node}; ")
          .Append(CultureInfo.InvariantCulture, $"load average (1 / 5 / 15 min) {m.LoadBefore} before, {m.LoadAfter} after; ")
          .Append(CultureInfo.InvariantCulture, $"{run.Options.Reps} reps{(run.Options.Quick ? " in QUICK (smoke) mode: these figures are not measurements" : "")}, ")
          .Append(CultureInfo.InvariantCulture, $"{run.Options.Settings.WarmupSeconds:0.##} s warm-up and {run.Options.Settings.MeasureSeconds:0.##} s measured per client run.\n\n");
        if (run.Problems.Count > 0)
        {
            md.Append("Problems in this run:\n\n");
            foreach (var problem in run.Problems)
            {
                md.Append("- ").Append(problem.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
            }

            md.Append('\n');
        }

        var results = new Results(run);
        md.Append("### Throughput (calls/s, median and min-max)\n\n");
        md.Append("| workload | delta | QixGen | enigma.js | QixGen / enigma.js | .NET floor | Node floor | QixGen / .NET floor | enigma.js / Node floor |\n");
        md.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (workload, mode) in Rows())
        {
            AppendComparison(md, results, workload, mode, Rate)
              .Append(Format(results.Ratio(ClientKind.QixGen, ClientKind.DotNetWebSocket, workload, mode, DeltaMode.Off, Rate), "F2")).Append(" | ")
              .Append(Format(results.Ratio(ClientKind.EnigmaJs, ClientKind.NodeWs, workload, mode, DeltaMode.Off, Rate), "F2")).Append(" |\n");
        }

        md.Append("\nThe floors hold no delta state: their figure is with delta off, and the ratios to them compare each delta setting with it.\n\n");
        md.Append("### Cost per call (medians)\n\n");
        md.Append("| workload | delta | CPU us/call QixGen | enigma.js | QixGen / enigma.js | .NET floor | Node floor | QixGen allocated/call | peak RSS QixGen | enigma.js | engine CPU, cores |\n");
        md.Append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (workload, mode) in Rows())
        {
            AppendComparison(md, results, workload, mode, CpuPerCall)
              .Append(Bytes(results.Median(ClientKind.QixGen, workload, mode, AllocatedPerCall))).Append(" | ")
              .Append(Bytes(results.Median(ClientKind.QixGen, workload, mode, r => r.PeakRssBytes))).Append(" | ")
              .Append(Bytes(results.Median(ClientKind.EnigmaJs, workload, mode, r => r.PeakRssBytes))).Append(" | ")
              .Append(Format(results.Max(workload, mode, r => r.EngineCores), "F2")).Append(" |\n");
        }

        md.Append("\nEngine CPU: the canned engine's CPU time over the client run's wall time, the most over every client and rep of the row (below 1 core: not the bottleneck; it includes the client's warm-up).\n\n");
        md.Append("### QixGen on the thread pool (sequential, medians)\n\n");
        md.Append("`QixSessionOptions.ReceiveMode = QixReceiveMode.ThreadPool`: asynchronous receives completed through the socket engine and the thread pool, the path of a process's sessions beyond its automatic receive threads (the QixGen rows above have one: docs/performance.md, \"Receive thread\").\n\n");
        md.Append("| workload | delta | calls/s | / enigma.js | / QixGen default | CPU us/call | / enigma.js | allocated/call |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var mode in new[] { DeltaMode.On, DeltaMode.Off, DeltaMode.Empty })
        {
            md.Append(CultureInfo.InvariantCulture, $"| {Label(Workload.Sequential)} | {Label(mode)} | ")
              .Append(results.Cell(ClientKind.QixGenThreadPool, Workload.Sequential, mode, Rate)).Append(" | ")
              .Append(Format(results.Ratio(ClientKind.QixGenThreadPool, ClientKind.EnigmaJs, Workload.Sequential, mode, mode, Rate), "F2")).Append(" | ")
              .Append(Format(results.Ratio(ClientKind.QixGenThreadPool, ClientKind.QixGen, Workload.Sequential, mode, mode, Rate), "F2")).Append(" | ")
              .Append(results.Cell(ClientKind.QixGenThreadPool, Workload.Sequential, mode, CpuPerCall)).Append(" | ")
              .Append(Format(results.Ratio(ClientKind.QixGenThreadPool, ClientKind.EnigmaJs, Workload.Sequential, mode, mode, CpuPerCall), "F2")).Append(" | ")
              .Append(Bytes(results.Median(ClientKind.QixGenThreadPool, Workload.Sequential, mode, AllocatedPerCall))).Append(" |\n");
        }

        md.Append('\n');
        md.Append("### Idle sessions (connected, one Doc open)\n\n");
        md.Append("| client | sessions | heap per session, median (min-max) | peak RSS |\n|---|---|---|---|\n");
        foreach (var client in new[] { ClientKind.QixGen, ClientKind.EnigmaJs })
        {
            var idle = results.Of(client, Workload.Idle, DeltaMode.On);
            if (idle.Count == 0)
            {
                continue;
            }

            md.Append(CultureInfo.InvariantCulture, $"| {Label(client)} | {idle[0].Sessions} | ")
              .Append(Bytes(Median(idle.Select(r => r.HeapPerSessionBytes)))).Append(" (")
              .Append(Bytes(idle.Min(r => r.HeapPerSessionBytes))).Append(" - ").Append(Bytes(idle.Max(r => r.HeapPerSessionBytes))).Append(") | ")
              .Append(Bytes(Median(idle.Select(r => (double)r.PeakRssBytes)))).Append(" |\n");
        }

        md.Append("\nQixGen: GC.GetTotalMemory(true) after opening the sessions minus before, per session. enigma.js: " +
                  "process.memoryUsage().heapUsed after minus before (after global.gc()), per session.\n\n");
        md.Append("### Targets (issue 12)\n\n| target | measured | |\n|---|---|---|\n");
        foreach (var target in Targets(results))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {target.Name} | {target.Measured} | {target.Verdict} |\n");
        }

        return md.ToString();
    }

    /// <summary>A row's start: workload, delta, QixGen, enigma.js, their ratio and the two floors (delta off only), each followed by " | ".</summary>
    private static StringBuilder AppendComparison(StringBuilder md, Results results, Workload workload, DeltaMode mode, Func<ClientResult, double> metric) =>
        md.Append(CultureInfo.InvariantCulture, $"| {Label(workload)} | {Label(mode)} | ")
          .Append(results.Cell(ClientKind.QixGen, workload, mode, metric)).Append(" | ")
          .Append(results.Cell(ClientKind.EnigmaJs, workload, mode, metric)).Append(" | ")
          .Append(Format(results.Ratio(ClientKind.QixGen, ClientKind.EnigmaJs, workload, mode, mode, metric), "F2")).Append(" | ")
          .Append(mode == DeltaMode.Off ? results.Cell(ClientKind.DotNetWebSocket, workload, mode, metric) : "").Append(" | ")
          .Append(mode == DeltaMode.Off ? results.Cell(ClientKind.NodeWs, workload, mode, metric) : "").Append(" | ");

    private static IEnumerable<(Workload, DeltaMode)> Rows() =>
        from workload in new[] { Workload.Sequential, Workload.InFlight64, Workload.Page }
        from mode in new[] { DeltaMode.On, DeltaMode.Off, DeltaMode.Empty }
        select (workload, mode);

    private static IEnumerable<(string Name, string Measured, string Verdict)> Targets(Results results)
    {
        (string, string, string) Ratio(string name, Workload workload, DeltaMode mode, double atLeast)
        {
            var ratio = results.Ratio(ClientKind.QixGen, ClientKind.EnigmaJs, workload, mode, mode, Rate);
            return (name + $" >= {atLeast.ToString("0.0#", s_invariant)}x", Format(ratio, "F2") + "x", Verdict(ratio, r => r >= atLeast));
        }

        yield return Ratio("64 in flight, delta off, calls/s vs enigma.js", Workload.InFlight64, DeltaMode.Off, 1.2);
        yield return Ratio("64 in flight, delta on", Workload.InFlight64, DeltaMode.On, 2.0);
        yield return Ratio("sequential, delta off", Workload.Sequential, DeltaMode.Off, 1.0);
        yield return Ratio("sequential, delta on", Workload.Sequential, DeltaMode.On, 1.5);
        yield return Ratio("10,000 x 10 page, delta off", Workload.Page, DeltaMode.Off, 1.2);
        yield return Ratio("10,000 x 10 page, delta on", Workload.Page, DeltaMode.On, 1.5);
        yield return Ratio("empty patches, sequential", Workload.Sequential, DeltaMode.Empty, 1.5);
        yield return Ratio("empty patches, 64 in flight", Workload.InFlight64, DeltaMode.Empty, 1.5);
        yield return Ratio("empty patches, page", Workload.Page, DeltaMode.Empty, 1.5);
        var cpu = Rows().Select(row => (row, ratio: results.Ratio(ClientKind.QixGen, ClientKind.EnigmaJs, row.Item1, row.Item2, row.Item2, CpuPerCall))).ToList();
        var worst = cpu.Where(c => c.ratio is not null).OrderByDescending(c => c.ratio).FirstOrDefault();
        yield return ("client CPU per call <= 0.8x enigma.js on every workload",
            worst.ratio is null ? "n/a" : $"worst {Format(worst.ratio, "F2")}x ({Label(worst.row.Item1)}, delta {Label(worst.row.Item2)}); " +
                $"{cpu.Count(c => c.ratio <= 0.8)} of {cpu.Count(c => c.ratio is not null)} rows met",
            Verdict(worst.ratio, r => cpu.All(c => c.ratio is null || c.ratio <= 0.8)));
        var rss = results.Median(ClientKind.QixGen, Workload.Page, DeltaMode.On, r => r.PeakRssBytes);
        var enigmaRss = results.Median(ClientKind.EnigmaJs, Workload.Page, DeltaMode.On, r => r.PeakRssBytes);
        yield return ("peak RSS, page, delta on <= enigma.js's", $"{Bytes(rss)} vs {Bytes(enigmaRss)}",
            Verdict(rss is null || enigmaRss is null ? null : rss / enigmaRss, r => r <= 1));
        var heap = results.Median(ClientKind.QixGen, Workload.Idle, DeltaMode.On, r => r.HeapPerSessionBytes);
        yield return ("idle session <= 16 KB managed heap", Bytes(heap), Verdict(heap, h => h <= 16 * 1024));
    }

    private static string Verdict(double? value, Func<double, bool> met) => value is null ? "not measured" : met(value.Value) ? "met" : "**missed**";

    private static double Rate(ClientResult r) => r.Calls / r.Seconds;

    private static double CpuPerCall(ClientResult r) => r.CpuSeconds * 1e6 / r.Calls;

    private static double AllocatedPerCall(ClientResult r) => r.AllocatedBytes < 0 ? double.NaN : r.AllocatedBytes / (double)r.Calls;

    private static string Label(Workload workload) => workload switch
    {
        Workload.Sequential => "sequential GetLayout",
        Workload.InFlight64 => "64 in flight GetLayout",
        Workload.Page => "GetHyperCubeData 10,000 x 10",
        _ => "idle",
    };

    private static string Label(DeltaMode mode) => mode switch
    {
        DeltaMode.On => "on",
        DeltaMode.Off => "off",
        _ => "on, empty patches",
    };

    private static string Label(ClientKind client) => client switch
    {
        ClientKind.QixGen => "QixGen",
        ClientKind.QixGenThreadPool => "QixGen, ReceiveMode = ThreadPool",
        ClientKind.EnigmaJs => "enigma.js 2.15.0",
        ClientKind.DotNetWebSocket => ".NET ClientWebSocket floor",
        _ => "Node ws floor",
    };

    /// <summary>Three significant digits at most below 1,000 (2.37, 23.7, 237), whole numbers with separators above.</summary>
    private static string Figure(double value) => value switch
    {
        >= 1000 => value.ToString("N0", s_invariant),
        >= 100 => value.ToString("F0", s_invariant),
        >= 10 => value.ToString("F1", s_invariant),
        _ => value.ToString("F2", s_invariant),
    };

    private static string Format(double? value, string format) => value is { } v && !double.IsNaN(v) ? v.ToString(format, s_invariant) : "";

    private static string Bytes(double? bytes) => bytes switch
    {
        null => "",
        double.NaN => "",
        >= 1024 * 1024 => (bytes.Value / 1048576).ToString("F1", s_invariant) + " MB",
        >= 1024 => (bytes.Value / 1024).ToString("F1", s_invariant) + " KB",
        _ => bytes.Value.ToString("F0", s_invariant) + " B",
    };

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The results of a run by client, workload and delta setting.</summary>
    private sealed class Results
    {
        private readonly HarnessRun _run;

        public Results(HarnessRun run) => _run = run;

        public List<ClientResult> Of(ClientKind client, Workload workload, DeltaMode mode) =>
            _run.Results.Where(r => r.Scenario == new Scenario(client, workload, mode)).Select(r => r.Result).ToList();

        public double? Median(ClientKind client, Workload workload, DeltaMode mode, Func<ClientResult, double> metric)
        {
            var values = Of(client, workload, mode);
            return values.Count == 0 ? null : Report.Median(values.Select(metric)) is var m && !double.IsNaN(m) ? m : null;
        }

        /// <summary>The largest value of a metric over every client and rep of a workload.</summary>
        public double? Max(Workload workload, DeltaMode mode, Func<ClientResult, double> metric)
        {
            var values = _run.Results.Where(r => r.Scenario.Workload == workload && r.Scenario.Mode == mode).Select(r => metric(r.Result)).ToList();
            return values.Count == 0 ? null : values.Max();
        }

        /// <summary>"median (min-max)" of a metric over the reps.</summary>
        public string Cell(ClientKind client, Workload workload, DeltaMode mode, Func<ClientResult, double> metric)
        {
            var values = Of(client, workload, mode).Select(metric).ToList();
            return values.Count == 0
                ? "not run"
                : $"{Figure(Report.Median(values))} ({Figure(values.Min())}-{Figure(values.Max())})";
        }

        /// <summary>The median over reps of <paramref name="client"/>'s metric over <paramref name="other"/>'s in the same rep.</summary>
        public double? Ratio(ClientKind client, ClientKind other, Workload workload, DeltaMode mode, DeltaMode otherMode, Func<ClientResult, double> metric)
        {
            var mine = _run.Results.Where(r => r.Scenario == new Scenario(client, workload, mode)).ToDictionary(r => r.Rep, r => metric(r.Result));
            var theirs = _run.Results.Where(r => r.Scenario == new Scenario(other, workload, otherMode)).ToDictionary(r => r.Rep, r => metric(r.Result));
            var ratios = mine.Where(p => theirs.ContainsKey(p.Key)).Select(p => p.Value / theirs[p.Key]).ToList();
            return ratios.Count == 0 ? null : Report.Median(ratios);
        }
    }
}
