using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Qix.Bench;

namespace QixGen.Benchmarks;

/// <summary>
/// Typed decode against <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> of the same bytes:
/// a 10,000 x 10 GetHyperCubeData page (qDataPages) and the ~2 KB layout of the recorded session.
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private byte[] _page = Array.Empty<byte>();
    private byte[] _layout = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        _page = Encoding.UTF8.GetBytes(PageJson(rows: 10_000, columns: 10));
        _layout = Encoding.UTF8.GetBytes(LayoutJson());
    }

    /// <summary>qDataPages of GetHyperCubeData: one page of rows x columns cells, text, number and state each.</summary>
    public static string PageJson(int rows, int columns)
    {
        var json = new StringBuilder(rows * columns * 80);
        json.Append("[{\"qArea\":{\"qLeft\":0,\"qTop\":0,\"qWidth\":").Append(columns).Append(",\"qHeight\":").Append(rows).Append("},\"qMatrix\":[");
        var states = new[] { "O", "S", "X", "L" };
        for (var r = 0; r < rows; r++)
        {
            json.Append(r == 0 ? "[" : ",[");
            for (var c = 0; c < columns; c++)
            {
                var n = r * columns + c;
                json.Append(c == 0 ? "" : ",")
                    .Append("{\"qText\":\"Value ").Append(n).Append("\",\"qNum\":").Append(n % 1000).Append('.').Append(n % 7)
                    .Append(",\"qElemNumber\":").Append(n).Append(",\"qState\":\"").Append(states[n % 4]).Append("\"}");
            }

            json.Append(']');
        }

        json.Append("],\"qTails\":[],\"qIsReduced\":false}]");
        return json.ToString();
    }

    /// <summary>The 2,115-byte GenericObject layout in the recorded session (fixtures/traffic), compact.</summary>
    public static string LayoutJson()
    {
        var shared = typeof(DecodeBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QixSharedDir").Value!;
        var dir = Environment.GetEnvironmentVariable("QIX_SHARED_DIR") is { Length: > 0 } env ? env : shared;
        var text = File.ReadAllText(Path.Combine(dir, "fixtures", "traffic", "enigma-go-mock-mode.traffic"));
        using var traffic = JsonDocument.Parse(text);
        var layouts = new List<string>();
        Collect(traffic.RootElement, layouts);
        return layouts.OrderBy(l => Math.Abs(l.Length - 2048)).First();
    }

    private static void Collect(JsonElement element, List<string> layouts)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("qLayout") && property.Value.ValueKind == JsonValueKind.Object)
                {
                    layouts.Add(JsonSerializer.Serialize(property.Value));
                }

                Collect(property.Value, layouts);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, layouts);
            }
        }
    }

    [Benchmark(Baseline = true)]
    public int PageJsonDocument()
    {
        using var document = JsonDocument.Parse(_page);
        return document.RootElement.GetArrayLength();
    }

    [Benchmark]
    public int PageTyped() => JsonSerializer.Deserialize(_page, QixApi.GetJsonTypeInfo<List<NxDataPage>>())!.Count;

    [Benchmark]
    public int LayoutJsonDocument()
    {
        using var document = JsonDocument.Parse(_layout);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark]
    public int LayoutTyped() => JsonSerializer.Deserialize(_layout, QixApi.GetJsonTypeInfo<GenericObjectLayout>())!.AdditionalProperties?.Count ?? 0;
}
