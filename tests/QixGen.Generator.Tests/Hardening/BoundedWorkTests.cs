using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using QixGen.Generator.Emitting;
using QixGen.Generator.Tests.Fuzzing;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Generator.Tests.Hardening;

/// <summary>
/// Hostile sizes: work stays linear and recursion stays bounded. Each input runs on a thread with a 1 MiB stack
/// (a compiler worker's) under a generous bound; the inputs are sized so the old quadratic or recursive code
/// could not pass (it overflowed the stack or took minutes), while correct code takes well under a second.
/// </summary>
public sealed class BoundedWorkTests(ITestOutputHelper output)
{
    // "Did not hang" on a loaded 2-core machine (load 85 once took 30 s); the old quadratic code needed minutes.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private static string Spec(string schemas, string propertyType) => $$"""
        {
          "openrpc": "1.0.0",
          "info": { "title": "QIX", "version": "1.0.0" },
          "methods": [ { "name": "Doc.GetHolder", "params": [], "result": { "name": "r", "schema": { "type": "object", "properties": { "qReturn": { "$ref": "#/components/schemas/Holder" } } } } } ],
          "components": { "schemas": { {{schemas}}
            "Holder": { "type": "object", "properties": { "qValue": {{propertyType}} } } } }
        }
        """;

    private static string AliasChain(int length, bool arrays)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            // A bare {"$ref"} would be an empty object type; with a primitive "type" it is an alias the parser follows.
            var next = $$"""{ "$ref": "#/components/schemas/Alias{{i + 1}}" }""";
            builder.Append($"\"Alias{i}\": ").Append(arrays ? $$"""{ "type": "array", "items": {{next}} }""" : $$"""{ "type": "string", "$ref": "#/components/schemas/Alias{{i + 1}}" }""").Append(",\n");
        }

        return builder.Append($"\"Alias{length}\": {{ \"type\": \"string\" }},\n").ToString();
    }

    private CaseResult RunBounded(string text)
    {
        var result = GeneratorCaseRunner.Run(new FuzzInput(0, text, Array.Empty<string>()));
        output.WriteLine($"{result.Outcome} in {result.Elapsed.TotalMilliseconds:F0} ms: {result.Detail}");
        Assert.NotEqual(CaseOutcome.Timeout, result.Outcome);
        Assert.NotEqual(CaseOutcome.GeneratorException, result.Outcome);
        Assert.NotEqual(CaseOutcome.ErrorWithoutLocation, result.Outcome);
        return result;
    }

    [Theory]
    [InlineData(2000, true)]
    [InlineData(2000, false)]
    [InlineData(20000, true)]
    public void A_long_alias_chain_is_cut_at_the_depth_limit_with_a_located_warning_and_compiles(int length, bool arrays)
    {
        var text = Spec(AliasChain(length, arrays), """{ "$ref": "#/components/schemas/Alias0" }""");
        var result = RunBounded(text);

        Assert.Equal(CaseOutcome.Accepted, result.Outcome);
        var deep = Assert.Single(result.Diagnostics, d => d.Id == "QIX010");
        Assert.Equal("/fuzz/case0.json", deep.Location.GetLineSpan().Path);
        Assert.True(deep.Location.GetLineSpan().StartLinePosition.Line > 0);
        var problems = BatchCompiler.Compile(new[] { result }, out _);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.SelectMany(p => p.Value)));
    }

    [Fact]
    public void A_short_alias_chain_still_resolves_to_nested_lists()
    {
        var result = RunBounded(Spec(AliasChain(3, arrays: true), """{ "$ref": "#/components/schemas/Alias0" }"""));
        Assert.Equal(CaseOutcome.Accepted, result.Outcome);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "QIX010");
        Assert.Contains("List<global::System.Collections.Generic.List<global::System.Collections.Generic.List<string>>>? Value", result.Sources.Single(s => s.HintName.EndsWith("Holder.g.cs")).Source);
    }

    [Theory]
    [InlineData('[')]
    [InlineData('{')]
    public void Deep_json_nesting_is_QIX001_at_the_limit_not_a_stack_overflow(char open)
    {
        var nested = new string(open, 200_000);
        var text = open == '[' ? nested : new StringBuilder().Insert(0, "{\"a\":", 200_000).ToString();
        var result = RunBounded(Spec("", text));

        Assert.Equal(CaseOutcome.Rejected, result.Outcome);
        var error = Assert.Single(result.Diagnostics, d => d.Id == "QIX001");
        Assert.Contains("Nesting deeper than 256", error.GetMessage());
        Assert.Equal("/fuzz/case0.json", error.Location.GetLineSpan().Path);
        Assert.Equal(6, error.Location.GetLineSpan().StartLinePosition.Line + 1); // the Holder line
    }

    [Theory]
    [InlineData("[")]
    [InlineData("[a](")]
    [InlineData("](")]
    [InlineData("<br")]
    [InlineData("<a ")]
    [InlineData("**a")]
    [InlineData("<br \t")]
    [InlineData("x\n")]
    [InlineData("_a")]
    [InlineData("`a")]
    public void Megabytes_of_markup_in_a_description_take_linear_time(string unit)
    {
        // 4 MiB: the old link pattern needed about 13 s for 1 MiB of '[' and grows with the square.
        var builder = new StringBuilder();
        while (builder.Length < 4 * 1024 * 1024) builder.Append(unit);
        if (unit == "<br") builder.Insert(3, new string(' ', 1024 * 1024));
        if (unit == "x\n") builder.Insert(0, "* item\n"); // every later line continues that one list item
        var description = builder.ToString();

        var watch = Stopwatch.StartNew();
        var lines = RunOnSmallStack(() => DocMarkup.Render(DocMarkup.Parse(description, DocLinks.None), firstPlain: true));
        output.WriteLine($"{unit}: {watch.ElapsedMilliseconds} ms, {lines.Count} lines");
        Assert.True(watch.Elapsed < Bound, $"{watch.Elapsed}");
        Assert.NotEmpty(lines);
    }

    [Fact]
    public void A_megabyte_of_brackets_in_a_real_description_generates_and_compiles()
    {
        var description = System.Text.Json.JsonSerializer.Serialize(new string('[', 1024 * 1024));
        var text = Spec("", $$"""{ "type": "string", "description": {{description}} }""");
        var result = RunBounded(text);
        Assert.Equal(CaseOutcome.Accepted, result.Outcome);
        var problems = BatchCompiler.Compile(new[] { result }, out _);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.SelectMany(p => p.Value)));
    }

    [Fact]
    public void A_whole_real_spec_generates_in_well_under_a_second()
    {
        var path = TestPaths.Schema("12.2528.0");
        var text = System.IO.File.ReadAllText(path);
        var compilation = GeneratorHarness.Compilation();
        var times = new double[6];
        for (var i = 0; i < times.Length; i++)
        {
            var driver = GeneratorHarness.CreateDriver(new[] { new InputFile(path, text, Namespace: "Qix.Timing") });
            var watch = Stopwatch.StartNew();
            var result = driver.RunGenerators(compilation).GetRunResult();
            times[i] = watch.Elapsed.TotalMilliseconds;
            Assert.Null(result.Results.Single().Exception);
            Assert.Empty(result.Diagnostics);
        }

        // The first run includes JIT; the figure is the median of the warm runs. The bound only says "did not hang":
        // the machine may be loaded.
        var warm = times.Skip(1).OrderBy(t => t).ToArray();
        output.WriteLine($"12.2528.0 parse + emit: first {times[0]:F0} ms, warm median {warm[warm.Length / 2]:F0} ms (min {warm[0]:F0}, max {warm[^1]:F0})");
        Assert.True(warm[warm.Length / 2] < Bound.TotalMilliseconds);
    }

    private static T RunOnSmallStack<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { failure = e; }
        }, 1024 * 1024) { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(Bound), "did not finish within " + Bound);
        if (failure is not null) throw new Xunit.Sdk.XunitException(failure.ToString());
        return result;
    }
}
