using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using QixGen.Serialization;
using Qix.V12_2528;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Generator.Tests;

/// <summary>
/// Round trips through the generated 12.2528.0 types lose nothing (issue 8, docs/reliability.md "Round trips"):
/// explicit nulls, every number spelling and range, values the C# type cannot hold, enum forms, string escapes.
/// "Byte-exact": the written value is the same bytes as the read one. "Value-exact": equal by
/// <see cref="JsonSemantics"/> (same decimal number, same string, same members; spelling may differ).
/// </summary>
public sealed class LosslessRoundTripTests(ITestOutputHelper output)
{
    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, QixApi.JsonOptions)!;

    private static string Write<T>(T value) => JsonSerializer.Serialize(value, QixApi.JsonOptions);

    [Fact]
    public void Issue_example_explicit_nulls_of_known_properties_are_kept_byte_exact()
    {
        const string json = "{\"qInfo\":{\"qId\":\"a\",\"qType\":null},\"qExtendsId\":null}";
        var properties = Read<GenericObjectProperties>(json);

        Assert.Equal("a", properties.Info!.Id);
        Assert.Null(properties.Info.Type);
        Assert.Null(properties.ExtendsId);
        Assert.Equal(JsonValueKind.Null, properties.Info.RawProperties!["qType"].ValueKind);
        Assert.Equal(JsonValueKind.Null, properties.RawProperties!["qExtendsId"].ValueKind);
        Assert.Equal(json, Write(properties));
    }

    [Fact]
    public void Explicit_null_and_never_set_stay_distinguishable()
    {
        var read = Read<NxInfo>("{\"qId\":\"a\",\"qType\":null}");
        var never = Read<NxInfo>("{\"qId\":\"a\"}");
        Assert.True(read.RawProperties!.ContainsKey("qType"));
        Assert.Null(never.RawProperties);
        Assert.Equal("{\"qId\":\"a\"}", Write(never));

        // A typed value wins over the kept raw one; back to null, the kept null is written again.
        read.Type = "sheet";
        Assert.Equal("{\"qId\":\"a\",\"qType\":\"sheet\"}", Write(read));
        read.Type = null;
        Assert.Equal("{\"qId\":\"a\",\"qType\":null}", Write(read));

        // Forgetting the kept value omits the property; a user sends an explicit null the same way the engine does.
        read.RawProperties.Remove("qType");
        Assert.Equal("{\"qId\":\"a\"}", Write(read));
        var created = new NxInfo { Id = "b", RawProperties = new Dictionary<string, JsonElement> { ["qType"] = QixJson.Null } };
        Assert.Equal("{\"qId\":\"b\",\"qType\":null}", Write(created));
    }

    [Fact]
    public void Duplicate_keys_keep_the_last_value()
    {
        Assert.Equal("{\"qId\":\"x\"}", Write(Read<NxInfo>("{\"qId\":null,\"qId\":\"x\"}")));
        Assert.Equal("{\"qId\":null}", Write(Read<NxInfo>("{\"qId\":\"x\",\"qId\":null}")));
    }

    public static TheoryData<string, string, string> Cells() => new()
    {
        // json of an NxCell, what is written back ("=" for byte-exact), what the typed property holds
        { "{\"qNum\":-0}", "=", "Num=-0" },
        { "{\"qNum\":1E+300}", "=", "Num=1E+300" },
        { "{\"qNum\":1e-7}", "{\"qNum\":1E-07}", "Num=1E-07" },
        { "{\"qNum\":0.1}", "=", "Num=0.1" },
        { "{\"qNum\":9007199254740992}", "=", "Num=9007199254740992" },
        { "{\"qNum\":9007199254740993}", "=", "raw" },
        { "{\"qNum\":1e400}", "=", "raw" },
        { "{\"qNum\":1e-400}", "=", "raw" },
        { "{\"qNum\":0.30000000000000004}", "=", "Num=0.30000000000000004" },
        { "{\"qNum\":0.10000000000000001}", "=", "raw" },
        { "{\"qNum\":\"NaN\"}", "=", "Num=NaN" },
        { "{\"qNum\":\"-Infinity\"}", "=", "Num=-Infinity" },
        { "{\"qNum\":\"12\"}", "=", "raw" },
        { "{\"qElemNumber\":-2147483648}", "=", "ElemNumber=-2147483648" },
        { "{\"qElemNumber\":7.0}", "{\"qElemNumber\":7}", "ElemNumber=7" },
        { "{\"qElemNumber\":7e2}", "{\"qElemNumber\":700}", "ElemNumber=700" },
        { "{\"qElemNumber\":1.5}", "=", "raw" },
        { "{\"qElemNumber\":1e30}", "=", "raw" },
        { "{\"qElemNumber\":2147483648}", "=", "raw" },
        { "{\"qElemNumber\":9223372036854775808}", "=", "raw" },
        { "{\"qElemNumber\":1.00000000000000001}", "=", "raw" },
        { "{\"qIsEmpty\":1}", "=", "raw" },
        { "{\"qText\":\"\\ud800x\"}", "=", "raw" },
        { "{\"qText\":\"\\udc00\\ud800\"}", "=", "raw" },
        { "{\"qText\":\"\\ud83d\\ude00\"}", "{\"qText\":\"\\uD83D\\uDE00\"}", "Text=😀" },
        { "{\"qText\":\"a\\u0000b\"}", "=", "Text=a\0b" },
        { "{\"qText\":\"\\/\\u00e9\\t\"}", "{\"qText\":\"/é\\t\"}", "Text=/é\t" },
        { "{\"qText\":\"é€\"}", "=", "Text=é€" },
        { "{\"qText\":7}", "=", "raw" },
        { "{\"qState\":\"LOCKED\"}", "=", "State=L" },
        { "{\"qState\":\"ZZ\"}", "=", "State=ZZ" },
        { "{\"qState\":1}", "{\"qState\":\"S\"}", "State=S" },
        { "{\"qState\":99}", "=", "raw" },
        { "{\"qState\":null}", "=", "raw" },
        { "{\"qHighlightRanges\":[1]}", "=", "raw" },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public void Engine_values_round_trip_through_a_cell(string json, string expected, string typed)
    {
        var cell = Read<NxCell>(json);
        var written = Write(cell);
        Assert.Equal(expected == "=" ? json : expected, written);
        if (typed == "raw")
        {
            Assert.Single(cell.RawProperties!);
            return;
        }

        Assert.Null(cell.RawProperties);
        var (name, value) = (typed.Substring(0, typed.IndexOf('=')), typed.Substring(typed.IndexOf('=') + 1));
        var actual = typeof(NxCell).GetProperty(name)!.GetValue(cell);
        var shown = actual switch
        {
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            StateEnumType e => e.WireValue,
            _ => Convert.ToString(actual, System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.Equal(value, shown);
    }

    [Fact]
    public void A_list_with_an_element_its_type_cannot_hold_is_kept_whole()
    {
        foreach (var json in new[] { "{\"qRowsToKeep\":[1,1.5]}", "{\"qRowsToKeep\":[1,null]}", "{\"qRowsToKeep\":[1,\"x\"]}" })
        {
            var value = Read<NxMultiRangeSelectInfo>(json.Replace("qRowsToKeep", ListProperty));
            Assert.Equal(json.Replace("qRowsToKeep", ListProperty), Write(value));
            Assert.Single(value.RawProperties!);
        }

        var kept = Read<NxMultiRangeSelectInfo>($"{{\"{ListProperty}\":[1,2]}}");
        Assert.Null(kept.RawProperties);
    }

    /// <summary>Some integer-list property of a real type, found rather than assumed.</summary>
    private static string ListProperty => IntListProperty(typeof(NxMultiRangeSelectInfo));

    private static string IntListProperty(Type type) =>
        WireNames.DeclaredProperties(type).Where(p => p.PropertyType == typeof(List<int>)).Select(WireName).FirstOrDefault()
        ?? throw new InvalidOperationException($"{type.Name} has no List<int> property");

    private static string WireName(PropertyInfo property) => WireNames.Of(property, QixApi.JsonOptions);

    [Fact]
    public void Enum_long_forms_keep_their_spelling_and_compare_equal()
    {
        var cell = Read<NxCell>("{\"qState\":\"EXCL_SELECTED\"}");
        Assert.Equal(StateEnumType.ExclSelected, cell.State);
        Assert.Equal("XS", cell.State!.Value.WireValue);
        Assert.True(cell.State.Value.IsKnown);
        Assert.Equal("{\"qState\":\"EXCL_SELECTED\"}", Write(cell));
        Assert.Equal("{\"qState\":\"XS\"}", Write(new NxCell { State = StateEnumType.ExclSelected }));
    }

    /// <summary>A value for a property of a given C# type and whether its round trip must be byte-exact.</summary>
    private sealed record Case(string Json, bool ByteExact);

    private static IEnumerable<Case> CasesFor(Type type)
    {
        yield return new Case("null", true);
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            yield return new Case("\"\\ud800\"", true);
            yield return new Case("\"\\udfff\\ud800a\"", true);
            yield return new Case("\"a\\u0000\\\"\\\\b\"", true);
            yield return new Case("\"\\u001f\"", false); // written \u001F
            yield return new Case("\"é€中\"", true);
            yield return new Case("\"\\/\\u00e9\\n\\ud83d\\ude00\"", false);
            yield return new Case("12", true);
        }
        else if (underlying == typeof(double))
        {
            foreach (var literal in new[] { "-0", "0", "1E+300", "-1.5E-300", "0.1", "123456.789", "9007199254740992", "9007199254740993",
                "18446744073709551617", "1e400", "-1e400", "1e-400", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1.5\"", "\"\\ud800\"", "\"N\\u0061N\"", "true" })
            {
                yield return new Case(literal, true);
            }

            yield return new Case("1e-7", false);
            yield return new Case("2.50", false);
            yield return new Case("5e-324", false);
        }
        else if (underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(byte))
        {
            foreach (var literal in new[] { "0", "-1", "255", "1.5", "1e30", "-1e30", "9223372036854775808", "-9223372036854775809", "2147483648",
                "1.00000000000000001", "\"1\"", "false" })
            {
                yield return new Case(literal, true);
            }

            yield return new Case("-0", false);
            yield return new Case("2.0", false);
            yield return new Case("3E2", false);
            if (underlying == typeof(long))
            {
                yield return new Case("9007199254740993", true);
                yield return new Case("-9223372036854775808", true);
            }
        }
        else if (underlying == typeof(bool))
        {
            yield return new Case("true", true);
            yield return new Case("false", true);
            yield return new Case("0", true);
        }
        else if (underlying == typeof(JsonElement))
        {
            yield return new Case("{\"a\":[1.50,\"\\u00e9\\ud800\",null,{}]}", true);
            yield return new Case("-0", true);
        }
        else if (underlying.IsValueType)
        {
            // a generated enumeration: every known value, its long forms are covered in the cell table
            foreach (var known in (System.Collections.IEnumerable)underlying.GetProperty("KnownValues")!.GetValue(null)!)
            {
                yield return new Case(JsonSerializer.Serialize(known.ToString()), true);
            }

            yield return new Case("\"NOT_A_MEMBER\"", true);
            yield return new Case("1.5", true);
            yield return new Case("{}", true);
        }
        else if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(List<>))
        {
            yield return new Case("[]", true);
            yield return new Case("[null]", true);
            yield return new Case("{}", true);
            foreach (var element in CasesFor(underlying.GetGenericArguments()[0]).Where(c => c.Json != "null").Take(6))
            {
                yield return new Case("[" + element.Json + "]", element.ByteExact);
                yield return new Case("[" + element.Json + ",null," + element.Json + "]", element.ByteExact);
            }
        }
        else
        {
            yield return new Case("{}", true);
            yield return new Case("{\"qFuture\":[1,2.50,\"\\ud800\"]}", true);
            yield return new Case("[]", true);
            yield return new Case("\"x\"", true);
        }
    }

    private static IEnumerable<Type> DataTypes() =>
        typeof(QixApi).Assembly.GetTypes()
            .Where(t => t.Namespace == "Qix.V12_2528" && typeof(QixGen.Serialization.QixDataObject).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal);

    [Fact]
    public void Every_property_of_every_generated_type_round_trips_every_case()
    {
        var types = 0;
        var properties = 0;
        var byteExact = 0;
        var valueExact = 0;
        var failures = new List<string>();
        foreach (var type in DataTypes())
        {
            types++;
            foreach (var property in WireNames.DeclaredProperties(type))
            {
                properties++;
                var wire = WireName(property);
                foreach (var @case in CasesFor(property.PropertyType))
                {
                    var json = $"{{{JsonSerializer.Serialize(wire)}:{@case.Json},\"qZz\":1}}";
                    string written;
                    try
                    {
                        written = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, type, QixApi.JsonOptions), type, QixApi.JsonOptions);
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{type.Name}.{property.Name} {@case.Json}: {e.GetType().Name} {e.Message}");
                        continue;
                    }

                    if (@case.ByteExact)
                    {
                        byteExact++;
                        if (written != json)
                        {
                            failures.Add($"{type.Name}.{property.Name} not byte-exact: {json} -> {written}");
                        }
                    }
                    else
                    {
                        valueExact++;
                        using var a = JsonDocument.Parse(json);
                        using var b = JsonDocument.Parse(written);
                        if (!JsonSemantics.Equal(a.RootElement, b.RootElement, out var path))
                        {
                            failures.Add($"{type.Name}.{property.Name} not value-exact at {path}: {json} -> {written}");
                        }
                    }
                }
            }
        }

        output.WriteLine($"{types} types, {properties} properties, {byteExact} byte-exact and {valueExact} value-exact round trips");
        Assert.True(types >= 250, $"only {types} generated data types found");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n{string.Join("\n", failures.Take(30))}");
    }

    [Fact]
    public void Every_value_of_the_recorded_traffic_survives_every_mutation()
    {
        if (!File.Exists(TestPaths.TrafficFile))
        {
            throw new InvalidOperationException($"Recorded traffic missing: {TestPaths.TrafficFile}");
        }

        using var traffic = JsonDocument.Parse(File.ReadAllText(TestPaths.TrafficFile));
        var samples = new List<(string Json, Type Type)>();
        foreach (var entry in traffic.RootElement.EnumerateArray())
        {
            if (entry.TryGetProperty("Received", out var received) && received.TryGetProperty("result", out var result))
            {
                foreach (var outValue in result.EnumerateObject())
                {
                    if (outValue.Name == "qLayout" || outValue.Name == "qProp" || outValue.Name == "qDataPages" || outValue.Name == "qInfo")
                    {
                        samples.Add((outValue.Value.GetRawText(), outValue.Name switch
                        {
                            "qLayout" => typeof(GenericObjectLayout),
                            "qProp" => typeof(GenericObjectProperties),
                            "qDataPages" => typeof(List<NxDataPage>),
                            _ => typeof(NxInfo),
                        }));
                    }
                }
            }
            else if (entry.TryGetProperty("Sent", out var sent) && sent.GetProperty("method").GetString() == "CreateObject")
            {
                samples.Add((sent.GetProperty("params")[0].GetRawText(), typeof(GenericObjectProperties)));
            }
        }

        Assert.True(samples.Count >= 3, $"only {samples.Count} typed values in the recording");
        var mutations = new[] { "null", "-0", "1E+300", "9007199254740993", "1.5", "1e30", "9223372036854775808", "\"\\ud800\"", "\"a\\u0000\\/\"", "\"LOCKED\"", "true" };
        var checkedCount = 0;
        var failures = new List<string>();
        foreach (var (json, type) in samples)
        {
            var root = JsonNode.Parse(json)!;
            foreach (var (holder, key) in Slots(root).ToList())
            {
                var original = holder[key];
                foreach (var mutation in mutations)
                {
                    if (mutation == "-0" && original is JsonValue text && text.GetValueKind() == JsonValueKind.String)
                    {
                        continue; // at an enumeration, 0 is a numeric constant: read as its member, written as its title (value-exact by member, covered above)
                    }

                    // A placeholder spliced in as text: a node cannot carry a lone surrogate escape.
                    holder[key] = "\u0001mutation\u0001";
                    var mutated = root.ToJsonString().Replace("\"\\u0001mutation\\u0001\"", mutation, StringComparison.Ordinal);
                    Assert.Contains(mutation, mutated, StringComparison.Ordinal);
                    checkedCount++;
                    try
                    {
                        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize(mutated, type, QixApi.JsonOptions), type, QixApi.JsonOptions);
                        using var a = JsonDocument.Parse(mutated);
                        using var b = JsonDocument.Parse(written);
                        if (!JsonSemantics.Equal(a.RootElement, b.RootElement, out var path))
                        {
                            failures.Add($"{type.Name} {key}={mutation} differs at {path}");
                        }
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{type.Name} {key}={mutation}: {e.GetType().Name} {e.Message}");
                    }
                }

                holder[key] = original;
            }
        }

        output.WriteLine($"{samples.Count} recorded values, {checkedCount} mutated round trips");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n{string.Join("\n", failures.Take(30))}");
    }

    /// <summary>Every object property of a tree, as (object, key).</summary>
    private static IEnumerable<(JsonObject Holder, string Key)> Slots(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var pair in obj.ToList())
                {
                    yield return (obj, pair.Key);
                    if (pair.Value is not null)
                    {
                        foreach (var inner in Slots(pair.Value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.ToList())
                {
                    if (item is not null)
                    {
                        foreach (var inner in Slots(item))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }
}
