using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading.Tasks;
using QixGen.Objects;
using Qix.V12_2528;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Generator.Tests;

/// <summary>
/// Every response in the real recorded session decodes into the generated 12.2528.0 types and encodes back to
/// equal JSON (key order aside), unknown properties included.
/// </summary>
public sealed class TrafficRoundTripTests(ITestOutputHelper output)
{
    private static JsonDocument Traffic() => JsonDocument.Parse(File.ReadAllText(TestPaths.TrafficFile));

    [Fact]
    public void Every_response_round_trips_through_the_generated_types()
    {
        using var traffic = Traffic();
        var sent = new Dictionary<int, (string Method, int Handle)>();
        var handleTypes = new Dictionary<int, string> { [-1] = "Global" };
        var checkedValues = 0;
        var responses = 0;
        foreach (var entry in traffic.RootElement.EnumerateArray())
        {
            if (entry.TryGetProperty("Sent", out var request))
            {
                sent[request.GetProperty("id").GetInt32()] = (request.GetProperty("method").GetString()!, request.GetProperty("handle").GetInt32());
                continue;
            }

            var received = entry.GetProperty("Received");
            if (!received.TryGetProperty("id", out var id) || !received.TryGetProperty("result", out var result))
            {
                continue; // notifications carry no typed result
            }

            responses++;
            var (method, handle) = sent[id.GetInt32()];
            var service = typeof(QixApi).Assembly.GetType("Qix.V12_2528." + handleTypes[handle], throwOnError: true)!;
            var proxyMethod = service.GetMethods().Where(m => m.Name == method + "Async").OrderByDescending(m => m.GetParameters().Length).First();
            var resultType = proxyMethod.ReturnType.IsGenericType ? proxyMethod.ReturnType.GetGenericArguments()[0] : null;
            foreach (var outValue in result.EnumerateObject())
            {
                var type = resultType is null ? null
                    : resultType.GetField("s_qixMetadata", BindingFlags.NonPublic | BindingFlags.Static) is null && !resultType.IsPrimitive && resultType != typeof(string) && !typeof(QixObject).IsAssignableFrom(resultType)
                        ? resultType.GetProperty(outValue.Name.Substring(1))!.PropertyType
                        : resultType;
                Assert.True(type is not null, $"{method} has no out value {outValue.Name}");
                if (typeof(QixObject).IsAssignableFrom(type))
                {
                    type = typeof(ObjectInterface);
                    handleTypes[outValue.Value.GetProperty("qHandle").GetInt32()] = outValue.Value.GetProperty("qType").GetString()!;
                }

                AssertRoundTrip(outValue.Value, type!, $"{method}.{outValue.Name}");
                checkedValues++;
            }
        }

        output.WriteLine($"{responses} responses, {checkedValues} out values round-tripped");
        Assert.Equal(7, responses);
        Assert.True(checkedValues >= 7);
    }

    [Fact]
    public void The_recorded_layout_decodes_into_typed_data()
    {
        using var traffic = Traffic();
        var layoutJson = traffic.RootElement.EnumerateArray()
            .Select(e => e.TryGetProperty("Received", out var r) && r.TryGetProperty("result", out var res) && res.TryGetProperty("qLayout", out var l) ? l.GetRawText() : null)
            .First(l => l is not null)!;

        var layout = JsonSerializer.Deserialize<GenericObjectLayout>(layoutJson, QixApi.JsonOptions)!;

        Assert.Equal("my-straight-hypercube", layout.Info!.Type);
        var cube = layout.HyperCube!;
        Assert.Equal(2, cube.Size!.Cx);
        Assert.Equal(100, cube.Size.Cy);
        Assert.Equal(NxSortIndicatorType.None, cube.DimensionInfo![0].SortIndicator);
        var page = cube.DataPages![0];
        Assert.Equal(5, page.Matrix!.Count);
        Assert.Equal(2, page.Matrix[0].Count);
        Assert.Equal("1", page.Matrix[0][0].Text);
        Assert.Equal(1, page.Matrix[0][0].Num);
        Assert.True(page.Matrix[0][0].State!.Value.IsKnown);
    }

    [Fact]
    public void The_recorded_CreateObject_properties_round_trip_with_their_dynamic_parts()
    {
        using var traffic = Traffic();
        var request = traffic.RootElement.EnumerateArray()
            .Select(e => e.TryGetProperty("Sent", out var s) ? s : default)
            .First(s => s.ValueKind == JsonValueKind.Object && s.GetProperty("method").GetString() == "CreateObject");
        var json = request.GetProperty("params")[0];

        var properties = JsonSerializer.Deserialize<GenericObjectProperties>(json.GetRawText(), QixApi.JsonOptions)!;
        Assert.Equal("my-straight-hypercube", properties.Info!.Type);
        Assert.Equal("ID", properties.HyperCubeDef!.Dimensions![0].Def!.FieldDefs![0]);
        Assert.Equal("=Sum(Value)", properties.HyperCubeDef.Measures![0].Def!.Def);

        AssertRoundTrip(json, typeof(GenericObjectProperties), "CreateObject(qProp)");
    }

    private static void AssertRoundTrip(JsonElement original, Type type, string what)
    {
        var value = JsonSerializer.Deserialize(original.GetRawText(), type, QixApi.JsonOptions);
        Assert.NotNull(value);
        var written = JsonSerializer.Serialize(value, type, QixApi.JsonOptions);
        using var back = JsonDocument.Parse(written);
        Assert.True(JsonSemantics.Equal(original, back.RootElement, out var path), $"{what} differs at {path}:\n{original}\n{written}");
    }
}
