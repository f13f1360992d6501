using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using QixGen.Testing.Hosting;
using QixGen.Testing.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Testing.Tests;

/// <summary>
/// Plays the requests of a real engine recording (enigma-go mock mode) against the simulator and compares the
/// answers' shape with the real engine's: same keys at the top of result, qReturn, qLayout, qHyperCube and its
/// infos and pages, same change lists; values where they are not random.
/// </summary>
public sealed class RecordingShapeTests
{
    private readonly ITestOutputHelper _output;

    public RecordingShapeTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task AnswersHaveTheRealEnginesShape()
    {
        var entries = JsonNode.Parse(File.ReadAllText(SharedFiles.Recording))!.AsArray();
        var received = entries.Where(e => e!["Received"] is not null).Select(e => e!["Received"]!.AsObject()).ToList();

        await using var engine = new QixEngineSimulator(new QixSimulatorOptions { RandomSeed = 1 });
        await using var client = new RawClient(engine.ConnectInMemory());
        var connected = await client.Connected;
        var realConnected = received.Single(r => r["method"]?.GetValue<string>() == "OnConnected");
        Assert.Equal(realConnected.ToJsonString(), connected.ToJsonString());

        var compared = 0;
        foreach (var entry in entries.Where(e => e!["Sent"] is not null))
        {
            var sent = (JsonObject)entry!["Sent"]!.DeepClone();
            var id = sent["id"]!.GetValue<int>();
            var real = received.Single(r => r["id"]?.GetValue<int>() == id);
            var ours = await client.SendFrameAsync(id, sent);
            var method = sent["method"]!.GetValue<string>();
            _output.WriteLine($"{method}: {ours.ToJsonString().Substring(0, System.Math.Min(300, ours.ToJsonString().Length))}");

            Assert.Equal(Keys(real), Keys(ours));
            Assert.Equal(Keys(real["result"]), Keys(ours["result"]));
            Assert.Equal(real["change"]?.ToJsonString(), ours["change"]?.ToJsonString());
            Assert.Equal(Keys(real["result"]!["qReturn"]), Keys(ours["result"]!["qReturn"]));
            if (real["result"]!["qReturn"] is JsonObject realReturn)
            {
                Assert.Equal(realReturn["qType"]!.ToJsonString(), ours["result"]!["qReturn"]!["qType"]!.ToJsonString());
                Assert.Equal(realReturn["qHandle"]!.ToJsonString(), ours["result"]!["qReturn"]!["qHandle"]!.ToJsonString());
            }

            if (real["result"]!["qLayout"] is JsonObject realLayout)
            {
                var layout = ours["result"]!["qLayout"]!;
                Assert.Equal(Keys(realLayout), Keys(layout));
                var realCube = realLayout["qHyperCube"]!;
                var cube = layout["qHyperCube"]!;
                Assert.Equal(Keys(realCube), Keys(cube));
                Assert.Equal(realCube["qSize"]!.ToJsonString(), cube["qSize"]!.ToJsonString());
                Assert.Equal(Keys(realCube["qDimensionInfo"]![0]), Keys(cube["qDimensionInfo"]![0]));
                Assert.Equal(Keys(realCube["qMeasureInfo"]![0]), Keys(cube["qMeasureInfo"]![0]));
                Assert.Equal(Keys(realCube["qGrandTotalRow"]![0]), Keys(cube["qGrandTotalRow"]![0]));
                Assert.Equal(Keys(realCube["qDataPages"]![0]), Keys(cube["qDataPages"]![0]));
                foreach (var key in new[] { "qStateCounts", "qCardinal", "qSortIndicator", "qFallbackTitle", "qTags", "qMin", "qMax" })
                {
                    Assert.Equal(realCube["qDimensionInfo"]![0]![key]!.ToJsonString(), cube["qDimensionInfo"]![0]![key]!.ToJsonString());
                }

                Assert.Equal(realCube["qMeasureInfo"]![0]!["qFallbackTitle"]!.ToJsonString(), cube["qMeasureInfo"]![0]!["qFallbackTitle"]!.ToJsonString());
                Assert.Equal(realCube["qDataPages"]![0]!["qArea"]!.ToJsonString(), cube["qDataPages"]![0]!["qArea"]!.ToJsonString());
                var realRows = realCube["qDataPages"]![0]!["qMatrix"]!.AsArray();
                var rows = cube["qDataPages"]![0]!["qMatrix"]!.AsArray();
                Assert.Equal(realRows.Count, rows.Count);
                for (var r = 0; r < rows.Count; r++)
                {
                    Assert.Equal(realRows[r]![0]!.ToJsonString(), rows[r]![0]!.ToJsonString()); // the ID cell: text, number, element, state
                    Assert.Equal(Keys(realRows[r]![1]), Keys(rows[r]![1]));
                    Assert.Equal(realRows[r]![1]!["qState"]!.ToJsonString(), rows[r]![1]!["qState"]!.ToJsonString());
                }
            }

            compared++;
        }

        Assert.Equal(7, compared);
    }

    private static List<string> Keys(JsonNode? node) => node is JsonObject o ? o.Select(p => p.Key).ToList() : new List<string>();
}
