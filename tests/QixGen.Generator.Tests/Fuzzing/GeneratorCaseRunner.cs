using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace QixGen.Generator.Tests.Fuzzing;

/// <summary>What the generator did with one fuzz input.</summary>
internal enum CaseOutcome
{
    /// <summary>No error diagnostic: the output must compile.</summary>
    Accepted,

    /// <summary>Rejected with located error diagnostics: fine.</summary>
    Rejected,

    /// <summary>The generator threw (a driver exception, CS8785) or reported an internal fault (QIX009).</summary>
    GeneratorException,

    /// <summary>The generator did not finish within the per-case bound.</summary>
    Timeout,

    /// <summary>An error diagnostic without a file location.</summary>
    ErrorWithoutLocation,
}

internal sealed record CaseResult(FuzzInput Input, string Namespace, CaseOutcome Outcome, string Detail, ImmutableArray<(string HintName, string Source)> Sources, TimeSpan Elapsed)
{
    /// <summary>The generator's diagnostics (empty after a timeout or a throw).</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; init; } = ImmutableArray<Diagnostic>.Empty;
}

/// <summary>Runs the generator on one input, on its own thread (1 MiB stack, like a compiler worker) with a time bound.</summary>
internal static class GeneratorCaseRunner
{
    public static readonly TimeSpan PerCaseBound = TimeSpan.FromSeconds(20);

    // The generator reads no user code: one empty compilation serves every case.
    private static readonly Lazy<Microsoft.CodeAnalysis.CSharp.CSharpCompilation> s_empty = new(() => GeneratorHarness.Compilation());

    public static CaseResult Run(FuzzInput input)
    {
        var ns = "Fuzz.C" + input.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        GeneratorDriverRunResult? result = null;
        Exception? failure = null;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var thread = new Thread(
            () =>
            {
                try
                {
                    var driver = GeneratorHarness.CreateDriver(new[] { new InputFile("/fuzz/case" + input.Index + ".json", input.Text, Namespace: ns) });
                    result = driver.RunGenerators(s_empty.Value).GetRunResult();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            maxStackSize: 1024 * 1024)
        { IsBackground = true, Name = "fuzz case " + input.Index };
        thread.Start();
        if (!thread.Join(PerCaseBound))
        {
            return new CaseResult(input, ns, CaseOutcome.Timeout, $"no result after {PerCaseBound.TotalSeconds} s", ImmutableArray<(string, string)>.Empty, watch.Elapsed);
        }

        var elapsed = watch.Elapsed;
        if (failure is not null || result is null)
        {
            return new CaseResult(input, ns, CaseOutcome.GeneratorException, "driver threw: " + failure, ImmutableArray<(string, string)>.Empty, elapsed);
        }

        var run = result.Results.Single();
        var diagnostics = run.Diagnostics.ToList();
        if (run.Exception is not null)
        {
            return new CaseResult(input, ns, CaseOutcome.GeneratorException, "generator threw: " + run.Exception, ImmutableArray<(string, string)>.Empty, elapsed);
        }

        var internalFault = diagnostics.FirstOrDefault(d => d.Id is "CS8785" or "QIX009" || d.Id.StartsWith("AD", StringComparison.Ordinal));
        if (internalFault is not null)
        {
            return new CaseResult(input, ns, CaseOutcome.GeneratorException, internalFault.ToString(), ImmutableArray<(string, string)>.Empty, elapsed);
        }

        // DefaultSeverity: the harness's compilation turns every warning into an error (warnings as errors), but a
        // QIX warning (a renamed clash, a construct kept as free JSON) still means "accepted": the output must compile.
        var errors = diagnostics.Where(d => d.DefaultSeverity == DiagnosticSeverity.Error).ToList();
        var unlocated = errors.FirstOrDefault(d => d.Location == Location.None || string.IsNullOrEmpty(d.Location.GetLineSpan().Path));
        if (unlocated is not null)
        {
            return new CaseResult(input, ns, CaseOutcome.ErrorWithoutLocation, unlocated.ToString(), ImmutableArray<(string, string)>.Empty, elapsed);
        }

        if (errors.Count > 0)
        {
            return new CaseResult(input, ns, CaseOutcome.Rejected, errors[0].Id, ImmutableArray<(string, string)>.Empty, elapsed) { Diagnostics = diagnostics.ToImmutableArray() };
        }

        var sources = run.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToImmutableArray();
        return new CaseResult(input, ns, CaseOutcome.Accepted, string.Empty, sources, elapsed) { Diagnostics = diagnostics.ToImmutableArray() };
    }
}
