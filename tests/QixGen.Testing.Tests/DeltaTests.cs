using System.Text.Json.Nodes;
using System.Threading.Tasks;
using QixGen.Testing.Tests.Infrastructure;
using Xunit;

namespace QixGen.Testing.Tests;

/// <summary>Delta results: JSON Patches against the previous value of the same (handle, method, out key).</summary>
public sealed class DeltaTests
{
    [Fact]
    public async Task PatchesRebuildTheFullLayout()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var list = await Wire.ListObjectAsync(f.Client, f.Doc, "Country");

        var first = await f.Client.ResultAsync("GetLayout", list, delta: true);
        var firstPatch = first["qLayout"]!.AsArray();
        Assert.Single(firstPatch);
        Assert.Equal("/", firstPatch[0]!["path"]!.GetValue<string>()); // the engine's whole-value form
        JsonNode? layout = PatchApplier.Apply(null, firstPatch);
        var full = (await f.Client.ResultAsync("GetLayout", list))["qLayout"];
        Assert.True(JsonNode.DeepEquals(full, layout));

        await f.Client.ResultAsync("Select", await Wire.FieldAsync(f.Client, f.Doc, "Country"), new JsonArray("Norway"));
        var second = (await f.Client.ResultAsync("GetLayout", list, delta: true))["qLayout"]!.AsArray();
        Assert.True(second.Count > 0);
        Assert.DoesNotContain(second, op => op!["path"]!.GetValue<string>() == "/"); // a real diff, not the whole value
        layout = PatchApplier.Apply(layout, second);
        full = (await f.Client.ResultAsync("GetLayout", list))["qLayout"];
        Assert.True(JsonNode.DeepEquals(full, layout), layout!.ToJsonString());

        var unchanged = (await f.Client.ResultAsync("GetLayout", list, delta: true))["qLayout"]!.AsArray();
        Assert.Empty(unchanged);
    }

    [Fact]
    public async Task EveryOutValueIsPatchedSeparately()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var result = await f.Client.ResultAsync("EngineVersion", -1, delta: true);
        var patch = result["qVersion"]!.AsArray();
        Assert.Equal("add", patch[0]!["op"]!.GetValue<string>());
        Assert.Equal("12.2528.0", patch[0]!["value"]!["qComponentVersion"]!.GetValue<string>());
    }
}
