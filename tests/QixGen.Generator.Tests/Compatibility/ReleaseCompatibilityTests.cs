using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QixGen.Generator.Tests.Fuzzing;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Generator.Tests.Compatibility;

/// <summary>
/// Source compatibility across releases: for consecutive OpenRPC releases N, N+1, a probe written from release N's
/// generated bindings (<see cref="CompatibilityProbe"/>) compiles against release N+1's, except for the breaks
/// listed in docs/releases.md, exactly: an unlisted break fails, and so does a listed one that no longer happens.
/// All 34 pairs: 35 generator runs and 35 compilations binding two probes each, 43 s on two nearly idle cores
/// (68 s of CPU), minutes under load.
/// </summary>
public sealed class ReleaseCompatibilityTests(ITestOutputHelper output)
{
    [SkippableSharedSpecsFact]
    public void Code_written_for_each_release_compiles_against_the_next_except_the_listed_breaks()
    {
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var versions = TestPaths.AllOpenRpcSchemas()
            .Select(p => Path.GetFileNameWithoutExtension(p).Substring("engine-rpc-".Length))
            .OrderBy(Version.Parse)
            .ToList();
        var pairs = versions.Zip(versions.Skip(1), (from, to) => (From: from, To: to)).ToList();
        Assert.Equal(34, pairs.Count);
        var listed = ListedBreaks();

        var releases = new ConcurrentDictionary<string, CSharpCompilation>();
        var probes = new ConcurrentDictionary<string, CompatibilityProbe>();
        var froms = pairs.Select(p => p.From).ToHashSet();
        Parallel.ForEach(pairs.SelectMany(p => new[] { p.From, p.To }).Distinct(), version =>
        {
            var run = GeneratorHarness.RunSchema(TestPaths.Schema(version), "Qix");
            Assert.True(run.GeneratorDiagnostics.IsEmpty, version + ": " + GenerationRun.Describe(run.GeneratorDiagnostics));
            releases[version] = run.Output;
            if (froms.Contains(version))
            {
                probes[version] = CompatibilityProbe.Write(run.Output, "OwnReleaseProbe");
            }
        });
        var generated = watch.Elapsed;

        // One compilation per release: its bindings, its own probe (which must compile: else a failure against the
        // next release would prove nothing) and the previous release's probe (whose errors are the breaks).
        var found = new ConcurrentBag<(string From, string To, string Subject)>();
        var report = new ConcurrentBag<string>();
        Parallel.ForEach(releases.Keys, version =>
        {
            var own = probes.TryGetValue(version, out var ownProbe) ? ownProbe : null;
            var from = pairs.Where(p => p.To == version).Select(p => p.From).SingleOrDefault();
            var previous = from is null ? null : CompatibilityProbe.Write(releases[from], "PreviousReleaseProbe");
            var checks = Errors(releases[version], own, previous);
            Assert.True(checks.Own.Count == 0, $"the probe of {version} does not compile against {version} itself:\n" + string.Join("\n", checks.Own.Take(10).Select(e => e.Diagnostic.ToString())));
            if (previous is null)
            {
                return;
            }

            // A probe that found almost nothing to use (the bindings moved, a filter went wrong) would prove nothing.
            // Since serialization moved into the runtime the bindings have no public converter methods: the user API
            // alone is about 790-850 calls and 1,970-2,120 member uses per release.
            Assert.True(previous.Calls > 600 && previous.Members > 1500, $"the probe of {from} makes only {previous.Calls} calls and {previous.Members} member uses");

            foreach (var subject in checks.Previous.Select(e => e.Subject).Distinct())
            {
                found.Add((from!, version, subject));
            }

            report.Add($"{from} -> {version}: {previous.Calls} calls, {previous.Members} members, {previous.Skipped} skipped (generic); {checks.Previous.Count} errors: " +
                string.Join("; ", checks.Previous.Take(5).Select(e => e.Subject + " " + e.Diagnostic.Id)));
        });

        foreach (var line in report.OrderBy(l => Version.Parse(l.Substring(0, l.IndexOf(' ')))))
        {
            output.WriteLine(line);
        }

        output.WriteLine($"{pairs.Count} pairs, {releases.Count} releases generated in {generated.TotalSeconds:F1} s, total {watch.Elapsed.TotalSeconds:F1} s, " +
            $"CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s (about the wall time on one idle core)");
        var expected = listed.Select(b => $"{b.From} -> {b.To}: {b.Subject}").OrderBy(s => s, StringComparer.Ordinal).ToList();
        var actual = found.Select(b => $"{b.From} -> {b.To}: {b.Subject}").Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(actual),
            "breaks not listed in docs/releases.md: " + string.Join(", ", actual.Except(expected)) +
            "\nlisted breaks that did not happen: " + string.Join(", ", expected.Except(actual)));
    }

    [Fact]
    public void The_probe_fails_on_a_removed_member_and_a_changed_type()
    {
        var old = GeneratorHarness.Compilation("""
            namespace Qix
            {
                public enum Mode { A, B }
                public class Box { public int Size { get; set; } public string? Name { get; set; } public System.Threading.Tasks.Task<int> RunAsync(string id, bool fast = false) => System.Threading.Tasks.Task.FromResult(0); }
            }
            """);
        var probe = CompatibilityProbe.Write(old, "Probe");
        Assert.Empty(Errors(old, probe, null).Own);
        Assert.Equal(2, probe.Calls);

        var changed = GeneratorHarness.Compilation("""
            namespace Qix
            {
                public enum Mode { A }
                public class Box { public string Size { get; set; } = ""; public string? Name { get; set; } public System.Threading.Tasks.Task<int> RunAsync(string id, bool quick = false) => System.Threading.Tasks.Task.FromResult(0); }
            }
            """);
        var subjects = Errors(changed, null, probe).Previous.Select(e => e.Subject).Distinct().OrderBy(s => s, StringComparer.Ordinal);
        Assert.Equal(new[] { "Box.RunAsync", "Box.Size", "Mode.B" }, subjects);
    }

    /// <summary>
    /// The errors of two probes compiled in one compilation with <paramref name="release"/>'s trees, each with the
    /// subject of its line. Only the probes' trees are bound, not the generated method bodies.
    /// </summary>
    private static (List<(string Subject, Diagnostic Diagnostic)> Own, List<(string Subject, Diagnostic Diagnostic)> Previous) Errors(
        CSharpCompilation release, CompatibilityProbe? own, CompatibilityProbe? previous)
    {
        var ownTree = own is null ? null : CSharpSyntaxTree.ParseText(own.Source, GeneratorHarness.ParseOptions, path: "/project/OwnReleaseProbe.cs");
        var previousTree = previous is null ? null : CSharpSyntaxTree.ParseText(previous.Source, GeneratorHarness.ParseOptions, path: "/project/PreviousReleaseProbe.cs");
        var compilation = release.AddSyntaxTrees(new[] { ownTree, previousTree }.OfType<SyntaxTree>());
        return (Of(ownTree, own), Of(previousTree, previous));

        List<(string, Diagnostic)> Of(SyntaxTree? tree, CompatibilityProbe? probe) =>
            tree is null
                ? new List<(string, Diagnostic)>()
                : compilation.GetSemanticModel(tree).GetDiagnostics()
                    .Where(d => d.Severity == DiagnosticSeverity.Error)
                    .Select(d => (probe!.SubjectOf(d.Location.GetLineSpan().StartLinePosition.Line) ?? "(probe line " + d.Location.GetLineSpan().StartLinePosition.Line + ")", d))
                    .ToList();
    }

    /// <summary>The rows of the table under "## Source compatibility" in docs/releases.md: from, to, subject.</summary>
    private static List<(string From, string To, string Subject)> ListedBreaks()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "docs", "releases.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("## Source compatibility", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/releases.md has no '## Source compatibility' section");
        var rows = new List<(string, string, string)>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length >= 5 && cells[0].Length == 0 && char.IsDigit(cells[1].FirstOrDefault()) && cells[3].StartsWith('`'))
            {
                rows.Add((cells[1], cells[2], cells[3].Trim('`')));
            }
        }

        return rows;
    }
}
