using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Generator.Tests.Fuzzing;

/// <summary>
/// Mutated slices of real engine specs through the generator: it must never throw, never hang, locate every
/// error, and whatever it accepts must compile with zero warnings. Deterministic (seed 8, or QIXGEN_FUZZ_SEED);
/// 2,000 cases in CI, 20,000 with QIXGEN_FUZZ_LONG=1 (or QIXGEN_FUZZ_CASES=n).
/// </summary>
public sealed class GeneratorFuzzTests(ITestOutputHelper output)
{
    private const int CiCases = 2000;
    private const int LongCases = 20000;
    private const int CompileBatch = 150;

    [SkippableSharedSpecsFact]
    public void Mutated_specs_never_crash_hang_or_produce_code_that_does_not_compile()
    {
        var seed = EnvInt("QIXGEN_FUZZ_SEED") ?? 8;
        var cases = EnvInt("QIXGEN_FUZZ_CASES") ?? (Environment.GetEnvironmentVariable("QIXGEN_FUZZ_LONG") == "1" ? LongCases : CiCases);
        var specs = new[] { "12.1205.0", "12.1777.0", "12.2528.0" }.Select(TestPaths.Schema).ToArray();
        var slicer = new SpecSlicer(specs);

        var watch = Stopwatch.StartNew();
        var counts = Enum.GetValues<CaseOutcome>().ToDictionary(o => o, _ => 0);
        var notCompiling = 0;
        var injected = 0;
        var failures = new List<string>();
        var shownByKind = new Dictionary<string, int>(StringComparer.Ordinal);
        var byMutation = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var pending = new List<CaseResult>();
        var slowest = TimeSpan.Zero;
        var compileTime = TimeSpan.Zero;

        void Flush()
        {
            var compileWatch = Stopwatch.StartNew();
            var problems = BatchCompiler.Compile(pending, out var injectedInBatch);
            compileTime += compileWatch.Elapsed;
            injected += injectedInBatch;
            foreach (var result in pending)
            {
                if (problems.TryGetValue(result.Input.Index, out var list))
                {
                    notCompiling++;
                    Fail(result, "accepted but does not compile", string.Join(" | ", list));
                }
            }

            pending.Clear();
        }

        void Fail(CaseResult result, string kind, string detail)
        {
            foreach (var mutation in result.Input.Mutations.Distinct()) byMutation[mutation] = byMutation.GetValueOrDefault(mutation) + 1;
            var file = Save(result.Input, seed);
            shownByKind[kind] = shownByKind.GetValueOrDefault(kind) + 1;
            if (shownByKind[kind] <= 12)
            {
                failures.Add($"case {result.Input.Index} [{string.Join(",", result.Input.Mutations)}] {kind}: {Shorten(detail)} (input: {file})");
            }
        }

        for (var i = 0; i < cases; i++)
        {
            var random = new Random(unchecked(seed * 1_000_003 + i));
            var input = SpecMutator.Create(i, slicer.Slice(random), random);
            var result = GeneratorCaseRunner.Run(input);
            counts[result.Outcome]++;
            if (result.Elapsed > slowest) slowest = result.Elapsed;
            switch (result.Outcome)
            {
                case CaseOutcome.Accepted:
                    pending.Add(result);
                    if (pending.Count >= CompileBatch) Flush();
                    break;
                case CaseOutcome.Rejected:
                    break;
                default:
                    Fail(result, result.Outcome.ToString(), result.Detail);
                    break;
            }
        }

        if (pending.Count > 0) Flush();
        watch.Stop();

        output.WriteLine($"generator fuzz: seed {seed}, {cases} cases in {watch.Elapsed.TotalSeconds:F1} s (compiling {compileTime.TotalSeconds:F1} s), slowest case {slowest.TotalMilliseconds:F0} ms");
        output.WriteLine($"accepted {counts[CaseOutcome.Accepted]}, rejected with located errors {counts[CaseOutcome.Rejected]}");
        output.WriteLine($"generator exceptions (incl. CS8785/QIX009): {counts[CaseOutcome.GeneratorException]}");
        output.WriteLine($"timeouts (> {GeneratorCaseRunner.PerCaseBound.TotalSeconds} s): {counts[CaseOutcome.Timeout]}");
        output.WriteLine($"accepted but not compiling (errors or warnings): {notCompiling}");
        output.WriteLine($"errors without a location: {counts[CaseOutcome.ErrorWithoutLocation]}");
        output.WriteLine($"spec-injected members: {injected}");
        output.WriteLine("failing cases by mutation: " + string.Join(", ", byMutation.Select(p => p.Key + "=" + p.Value)));
        foreach (var failure in failures) output.WriteLine(failure);

        Assert.True(counts[CaseOutcome.Accepted] > cases / 10, "too few accepted cases: the fuzzer would not test compilation");
        Assert.Equal(0, counts[CaseOutcome.GeneratorException]);
        Assert.Equal(0, counts[CaseOutcome.Timeout]);
        Assert.Equal(0, notCompiling);
        Assert.Equal(0, counts[CaseOutcome.ErrorWithoutLocation]);
        Assert.Equal(0, injected);
    }

    private static int? EnvInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Save(FuzzInput input, int seed)
    {
        var directory = Path.Combine(Path.GetTempPath(), "qixgen-fuzz", "seed" + seed.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"case{input.Index}.json");
        File.WriteAllText(path, input.Text, new UTF8Encoding(false));
        return path;
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text.Substring(0, 600) + "...";
}

/// <summary>A fact that reports Skipped when the shared real specs are absent.</summary>
public sealed class SkippableSharedSpecsFactAttribute : FactAttribute
{
    public SkippableSharedSpecsFactAttribute()
    {
        if (!File.Exists(TestPaths.Schema("12.2528.0")))
        {
            Skip = "The real engine specs are not in " + TestPaths.OpenRpcDir;
        }
    }
}
