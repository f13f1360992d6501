using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using QixGen.Delta;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>Random patch sequences applied by our engine and by fast-json-patch (Node) must give the same outcome.</summary>
public sealed class DeltaCrossCheckTests(ITestOutputHelper output)
{
    private const int Cases = 300;

    /// <summary>Fixed, so a failure reproduces; QIXGEN_DELTA_SEED explores other sequences locally.</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("QIXGEN_DELTA_SEED"), out var seed) ? seed : 6902;

    [FastJsonPatchFact]
    public async Task Random_patch_sequences_agree_with_fast_json_patch()
    {
        var problem = FastJsonPatchRunner.FindProblem();
        Assert.True(problem is null, $"{problem} ({FastJsonPatchRunner.RequireVariable}=1 is set, so this fails instead of being skipped.)");

        var generator = new RandomPatchGenerator(Seed);
        var cases = new JsonArray();
        var expectedFailures = new List<int>();
        var ours = new List<(bool Ok, string? Document, int FailedAt)>();
        var operationCounts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Cases; i++)
        {
            var (document, patch, failingIndex) = generator.Next();
            foreach (var operation in patch)
            {
                var op = operation!["op"]!.GetValue<string>();
                operationCounts[op] = operationCounts.TryGetValue(op, out var n) ? n + 1 : 1;
            }

            cases.Add(new JsonObject { ["doc"] = document?.DeepClone(), ["patch"] = patch.DeepClone() });
            expectedFailures.Add(failingIndex);
            ours.Add(ApplyOurs(document, patch));
        }

        var folder = Path.Combine(Path.GetTempPath(), "qixgen-delta-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var casesFile = Path.Combine(folder, "cases.json");
            var resultsFile = Path.Combine(folder, "results.json");
            await File.WriteAllTextAsync(casesFile, cases.ToJsonString(), new UTF8Encoding(false));
            await FastJsonPatchRunner.RunAsync(casesFile, resultsFile);
            var theirs = JsonNode.Parse(await File.ReadAllTextAsync(resultsFile))!.AsArray();
            Assert.Equal(Cases, theirs.Count);

            var disagreements = new List<string>();
            var failing = 0;
            for (var i = 0; i < Cases; i++)
            {
                var mine = ours[i];
                var their = theirs[i]!;
                var theirOk = their["ok"]!.GetValue<bool>();
                var expectedIndex = expectedFailures[i];
                if (expectedIndex >= 0)
                {
                    failing++;
                }

                string? problemText = null;
                if (mine.Ok != theirOk)
                {
                    problemText = $"ours {(mine.Ok ? "succeeded" : $"failed at {mine.FailedAt}")}, fast-json-patch {(theirOk ? "succeeded" : $"failed at {their["index"]} ({their["name"]})")}";
                }
                else if (mine.Ok && !JsonNode.DeepEquals(JsonNode.Parse(mine.Document!), their["doc"]))
                {
                    problemText = $"results differ\n  ours: {mine.Document}\n  fast-json-patch: {their["doc"]?.ToJsonString() ?? "null"}";
                }
                else if (!mine.Ok && mine.FailedAt != their["index"]!.GetValue<int>())
                {
                    problemText = $"failed at different operations: ours {mine.FailedAt}, fast-json-patch {their["index"]}";
                }
                else if ((mine.Ok ? -1 : mine.FailedAt) != expectedIndex)
                {
                    problemText = $"expected {(expectedIndex < 0 ? "success" : $"failure at {expectedIndex}")}";
                }

                if (problemText is not null)
                {
                    disagreements.Add($"case {i}: {problemText}\n  doc: {cases[i]!["doc"]?.ToJsonString() ?? "null"}\n  patch: {cases[i]!["patch"]!.ToJsonString()}");
                }
            }

            output.WriteLine($"{Cases} random patch sequences (seed {Seed}, {failing} ending in a failing operation): {Cases - disagreements.Count} agreed.");
            output.WriteLine("Operations: " + string.Join(", ", operationCounts.Select(p => $"{p.Key} {p.Value}")));
            Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {Cases} cases disagree:\n" + string.Join("\n", disagreements.GetRange(0, Math.Min(5, disagreements.Count))));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (bool Ok, string? Document, int FailedAt) ApplyOurs(JsonNode? document, JsonArray patch)
    {
        try
        {
            var result = JsonPatch.Apply(Encoding.UTF8.GetBytes(document?.ToJsonString() ?? "null"), Encoding.UTF8.GetBytes(patch.ToJsonString()));
            return (true, Encoding.UTF8.GetString(result), -1);
        }
        catch (JsonPatchException e)
        {
            return (false, null, e.OperationIndex);
        }
    }
}
