using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Qix.V12_2528;
using Xunit;

namespace QixGen.Generator.Tests;

/// <summary>Behaviour of the generated 12.2528.0 types (built into this test project by the generator).</summary>
public sealed class GeneratedTypesTests
{
    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, QixApi.JsonOptions)!;

    private static string Write<T>(T value) => JsonSerializer.Serialize(value, QixApi.JsonOptions);

    [Theory]
    [InlineData("\"NaN\"", double.NaN)]
    [InlineData("\"Infinity\"", double.PositiveInfinity)]
    [InlineData("\"+Infinity\"", double.PositiveInfinity)]
    [InlineData("\"-Infinity\"", double.NegativeInfinity)]
    [InlineData("1.5", 1.5)]
    public void Engine_number_forms_are_read(string json, double expected)
    {
        var cell = Read<NxCell>($"{{\"qNum\":{json}}}");
        Assert.Equal(expected, cell.Num);
    }

    [Fact]
    public void Non_finite_numbers_are_written_as_the_engine_writes_them()
    {
        Assert.Equal("{\"qNum\":\"NaN\"}", Write(new NxCell { Num = double.NaN }));
        Assert.Equal("{\"qNum\":\"-Infinity\"}", Write(new NxCell { Num = double.NegativeInfinity }));
    }

    [Fact]
    public void Unknown_properties_survive_a_round_trip()
    {
        const string json = "{\"qText\":\"a\",\"qFuture\":{\"x\":[1,2]},\"custom\":\"kept\"}";
        var cell = Read<NxCell>(json);
        Assert.Equal("a", cell.Text);
        Assert.Equal(2, cell.AdditionalProperties!.Count);
        Assert.Equal("kept", cell.AdditionalProperties["custom"].GetString());
        Assert.Equal(json, Write(cell));
    }

    [Fact]
    public void Only_set_properties_are_written()
    {
        Assert.Equal("{}", Write(new NxCell()));
        Assert.Equal("{\"qElemNumber\":0,\"qIsEmpty\":false}", Write(new NxCell { ElemNumber = 0, IsEmpty = false }));
    }

    [Fact]
    public void Enums_read_short_and_long_forms_and_keep_unknown_values()
    {
        Assert.Equal(StateEnumType.Locked, Read<NxCell>("{\"qState\":\"L\"}").State);
        Assert.Equal(StateEnumType.Locked, Read<NxCell>("{\"qState\":\"LOCKED\"}").State);
        Assert.Equal(StateEnumType.Selected, Read<NxCell>("{\"qState\":1}").State);

        var future = Read<NxCell>("{\"qState\":\"ZZ\"}");
        Assert.False(future.State!.Value.IsKnown);
        Assert.Equal("{\"qState\":\"ZZ\"}", Write(future));
        Assert.Equal("{\"qState\":\"L\"}", Write(new NxCell { State = StateEnumType.Locked }));
        Assert.Equal(new[] { "N", "A", "D" }, NxSortIndicatorType.KnownValues.Select(v => v.WireValue));
        Assert.Equal(2, NxSortIndicatorType.Desc.NumericValue);
    }

    [Fact]
    public void Byte_arrays_are_json_arrays_not_base64()
    {
        var item = new InputFieldItem { PackedHashKeys = new List<byte> { 1, 2, 255 } };
        Assert.Equal("{\"qPackedHashKeys\":[1,2,255]}", Write(item));
        Assert.Equal(new byte[] { 1, 2, 255 }, Read<InputFieldItem>("{\"qPackedHashKeys\":[1,2,255]}").PackedHashKeys);
    }

    [Fact]
    public void Strings_are_not_html_escaped()
    {
        var def = new NxInlineMeasureDef { Def = "=Sum({<Year={'2024'}>} Sales) & '<b>'" };
        Assert.Equal("{\"qDef\":\"=Sum({<Year={'2024'}>} Sales) & '<b>'\"}", Write(def));
    }

    [Fact]
    public void Arrays_of_arrays_and_free_json_decode()
    {
        var page = Read<NxDataPage>("{\"qMatrix\":[[{\"qText\":\"a\"},{\"qText\":\"b\"}],[{\"qText\":\"c\"}]]}");
        Assert.Equal(new[] { 2, 1 }, page.Matrix!.Select(r => r.Count));
        Assert.Equal("c", page.Matrix![1][0].Text);

        var props = Read<GenericObjectProperties>("{\"qInfo\":{\"qType\":\"t\"},\"qExtendsId\":\"\",\"myApp\":{\"deep\":[1,{\"a\":null}]}}");
        Assert.Equal(JsonValueKind.Object, props.AdditionalProperties!["myApp"].ValueKind);
    }

    [Fact]
    public void Self_referencing_types_nest()
    {
        var node = Read<NxTreeNode>("{\"qText\":\"root\",\"qNodes\":[{\"qText\":\"child\",\"qNodes\":[{\"qText\":\"leaf\"}]}]}");
        Assert.Equal("leaf", node.Nodes![0].Nodes![0].Text);
    }

    [Fact]
    public void Deprecated_and_experimental_members_are_marked()
    {
        var deprecated = typeof(Doc).GetMethods().Where(m => m.GetCustomAttributes(typeof(System.ObsoleteAttribute), false).Length > 0).ToList();
        var experimental = typeof(Doc).GetMethods().Where(m => m.GetCustomAttributes(typeof(QixExperimentalAttribute), false).Length > 0).ToList();
        Assert.NotEmpty(deprecated);
        Assert.NotEmpty(experimental);
    }

    [Fact]
    public void Wire_names_are_kept_in_the_type_metadata()
    {
        Assert.Contains("qElemNumber", NxCell.s_qixMetadata.Properties.Select(p => p.Name));
        Assert.Equal("qElemNumber", WireNames.Of(typeof(NxCell).GetProperty(nameof(NxCell.ElemNumber))!, QixApi.JsonOptions));
        Assert.Empty(typeof(NxCell).GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonConverterAttribute), false));
    }

    [Fact]
    public void Data_types_print_their_data()
    {
        var cell = new NxCell { Text = "a\"b", Num = 1.5, State = StateEnumType.Selected };
        Assert.Equal("{\"qText\":\"a\\\"b\",\"qNum\":1.5,\"qState\":\"S\"}", cell.ToString());
    }
}
