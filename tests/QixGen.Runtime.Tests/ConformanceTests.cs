using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Qix;
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
    private static readonly string NodeDir = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Conformance", "node");

    [Theory]
    [InlineData("attached")]
    [InlineData("created-active")]
    [InlineData("created-no-active")]
    public async Task Resume_sends_the_same_frames_as_enigma_js(string scenario)
    {
        var expected = RunNode("suspend-resume.js", scenario);
        if (expected is null)
        {
            return; // Node or enigma.js missing and not required here: reported by RunNode
        }

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

    [Fact]
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
        if (json is null)
        {
            return;
        }

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

    /// <summary>Runs a conformance script; null (with a note) when Node or its packages are missing and not required.</summary>
    private string? RunNode(string script, string argument)
    {
        var required = Environment.GetEnvironmentVariable("QIXGEN_REQUIRE_NODE") == "1";
        if (!Directory.Exists(Path.Combine(NodeDir, "node_modules", "enigma.js")))
        {
            Assert.False(required, $"enigma.js is not installed: run npm ci --prefix {NodeDir}");
            output.WriteLine($"SKIPPED: enigma.js is not installed (npm ci --prefix {NodeDir})");
            return null;
        }

        var start = new ProcessStartInfo("node", $"{script} {argument}") { WorkingDirectory = NodeDir, RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.False(required, "node is not on PATH: " + e.Message);
            output.WriteLine("SKIPPED: node is not on PATH");
            return null;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(30_000), "node did not finish in 30 s");
            Assert.True(process.ExitCode == 0, stderr.Result);
            return stdout.Result;
        }
    }
}
