using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Qix;
using QixGen.Runtime.Tests.Conformance;
using QixGen.Session;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Runtime.Tests;

/// <summary>
/// Differential tests against the reference client: enigma.js 2.15.0 (npm) runs the same scenario against the same
/// scripted engine under Node, and the frames both clients send must match.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    private static string NodeDir => EnigmaJs.NodeFolder;

    [EnigmaJsTheory]
    [InlineData("attached")]
    [InlineData("created-active")]
    [InlineData("created-no-active")]
    public async Task Resume_sends_the_same_frames_as_enigma_js(string scenario)
    {
        var expected = RunNode("suspend-resume.js", scenario);

        var (options, second) = Scenario(scenario);
        await using var session = await QixSession.OpenAsync(options);
        var doc = await QixApi.GetGlobal(session).OpenDocAsync("A.qvf");
        await doc.GetObjectAsync("chart-1");
        await doc.GetDimensionAsync("dim-1");
        await doc.GetFieldAsync("Region");
        await session.SuspendAsync();
        await session.ResumeAsync();

        var ours = second.Calls.Select(c => (c.Method, c.Handle, Params: Normalize(c.Params))).ToList();
        var theirs = JsonDocument.Parse(expected).RootElement.EnumerateArray()
            .Select(f => (f.GetProperty("method").GetString()!, f.GetProperty("handle").GetInt32(), Normalize(f.GetProperty("params").GetRawText())))
            .ToList();
        output.WriteLine($"{scenario}: enigma.js sent {theirs.Count} frames on resume: {string.Join(", ", theirs.Select(t => t.Item1))}");
        Assert.Equal(theirs, ours);
    }

    [EnigmaJsFact]
    public async Task Enigma_js_runs_a_scenario_against_the_simulator_over_loopback()
    {
        await using var simulator = new QixGen.Testing.Hosting.QixEngineSimulator();
        simulator.AddApp(new QixGen.Testing.Data.AppBuilder("Sales.qvf")
            .Table("Sales", new[] { "Region", "Product", "Amount" },
                new object?[] { "Nordic", "Bikes", 120.0 },
                new object?[] { "Nordic", "Helmets", 30.0 },
                new object?[] { "Iberia", "Bikes", 90.0 },
                new object?[] { "Iberia", "Locks", 15.0 },
                new object?[] { "Benelux", "Bikes", 75.0 }));
        var url = await simulator.StartWebSocketServerAsync();
        Assert.Equal("127.0.0.1", url.Host);

        var json = RunNode("simulator-scenario.js", new Uri(url, "app/Sales.qvf").ToString());

        output.WriteLine("enigma.js saw: " + json);
        var seen = JsonDocument.Parse(json).RootElement;
        Assert.Equal("12.2528.0", seen.GetProperty("version").GetString());
        var before = seen.GetProperty("before").EnumerateArray().Select(r => r[0].GetString()).ToList();
        Assert.Equal(new[] { "Nordic", "Iberia", "Benelux" }, before);
        var after = seen.GetProperty("after").EnumerateArray().Select(r => (r[0].GetString()!, r[1].GetString()!)).ToList();
        Assert.Equal(new[] { ("Iberia", "105") }, after);
        Assert.True(seen.GetProperty("changed").GetInt32() >= 1, "enigma.js saw no change event for the hypercube");
    }

    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    private static (QixSessionOptions, SuspendResumeEngines.FakeEngine) Scenario(string scenario)
    {
        var first = new SuspendResumeEngines.FakeEngine("SESSION_CREATED", null);
        var second = scenario == "attached"
            ? new SuspendResumeEngines.FakeEngine("SESSION_ATTACHED", null)
            : new SuspendResumeEngines.FakeEngine("SESSION_CREATED", scenario == "created-active" ? "A.qvf" : null);
        var (options, _) = SuspendResumeEngines.Options(first, second);
        return (options, second);
    }

    /// <summary>
    /// Runs a conformance script and returns what it printed. The attributes skip these tests when Node or enigma.js
    /// is missing; here a missing one is a failure (QIXGEN_REQUIRE_NODE=1, as in CI).
    /// </summary>
    private static string RunNode(string script, string argument)
    {
        if (EnigmaJs.FindProblem() is { } problem)
        {
            Assert.Fail(problem);
        }

        var start = new ProcessStartInfo("node", $"{script} {argument}") { WorkingDirectory = NodeDir, RedirectStandardOutput = true, RedirectStandardError = true };
        using (var process = Process.Start(start)!)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(30_000), "node did not finish in 30 s");
            Assert.True(process.ExitCode == 0, stderr.Result);
            return stdout.Result;
        }
    }
}
