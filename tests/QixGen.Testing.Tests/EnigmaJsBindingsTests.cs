using System;
using System.Text.Json;
using System.Threading.Tasks;
using QixGen.Session;
using QixGen.Testing.Hosting;
using QixGen.Testing.Tests.Infrastructure;
using Xunit;

namespace QixGen.Testing.Tests;

/// <summary>
/// Bindings generated from enigma.js schemas (Qix.Enigma32: 3.2, types inferred; Qix.Enigma2027: 12.2027.0, types
/// from the 12.1205.0 OpenRPC spec; both QixSchema items of this project) make one call per service the
/// simulator serves: Global, Doc, Field, GenericObject, GenericDimension, GenericMeasure, GenericBookmark,
/// GenericVariable.
/// </summary>
public sealed class EnigmaJsBindingsTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public async Task Release_3_2_bindings_with_inferred_types_call_every_service()
    {
        await using var engine = new QixEngineSimulator();
        engine.AddApp(TestApps.Sales());
        await using var session = QixSession.Start(engine.ConnectInMemory());
        var global = Qix.Enigma32.QixApi.GetGlobal(session);

        var doc = await global.OpenDocAsync("Sales.qvf");
        Assert.Equal("83", (await doc.EvaluateAsync("Sum(Amount)")).GetString());
        var field = await doc.GetFieldAsync("Country");
        Assert.Equal(3, (await field.GetCardinalAsync()).GetInt32());
        var obj = await doc.CreateSessionObjectAsync(Json("""{"qInfo":{"qType":"kpi"}}"""));
        Assert.Equal("kpi", (await obj.GetLayoutAsync()).GetProperty("qInfo").GetProperty("qType").GetString());
        var dimension = (await doc.CreateDimensionAsync(Json("""{"qInfo":{"qType":"dimension"},"qDim":{"qFieldDefs":["Country"]},"qMetaDef":{"title":"Land"}}"""))).Return;
        Assert.Equal("dimension", (await dimension.GetLayoutAsync()).GetProperty("qInfo").GetProperty("qType").GetString());
        var measure = (await doc.CreateMeasureAsync(Json("""{"qInfo":{"qType":"measure"},"qMeasure":{"qDef":"Sum(Amount)"},"qMetaDef":{}}"""))).Return;
        Assert.Equal("measure", (await measure.GetLayoutAsync()).GetProperty("qInfo").GetProperty("qType").GetString());
        var bookmark = (await doc.CreateBookmarkAsync(Json("""{"qInfo":{"qType":"bookmark"},"qMetaDef":{"title":"b"}}"""))).Return;
        Assert.Equal("bookmark", (await bookmark.GetLayoutAsync()).GetProperty("qInfo").GetProperty("qType").GetString());
        var variable = await doc.CreateSessionVariableAsync(Json("""{"qInfo":{"qType":"variable"},"qName":"vTotal","qDefinition":"=1+1"}"""));
        Assert.Equal("vTotal", (await variable.GetLayoutAsync()).GetProperty("qName").GetString());
    }

    [Fact]
    public async Task Release_12_2027_bindings_with_types_from_a_spec_call_every_service()
    {
        await using var engine = new QixEngineSimulator();
        engine.AddApp(TestApps.Sales());
        await using var session = QixSession.Start(engine.ConnectInMemory());
        var global = Qix.Enigma2027.QixApi.GetGlobal(session);

        var doc = await global.OpenDocAsync("Sales.qvf");
        Assert.Equal("83", await doc.EvaluateAsync("Sum(Amount)"));
        var field = await doc.GetFieldAsync("Country");
        Assert.Equal(3, await field.GetCardinalAsync());
        var obj = await doc.CreateSessionObjectAsync(new Qix.Enigma2027.GenericObjectProperties { Info = new Qix.Enigma2027.NxInfo { Type = "kpi" } });
        Assert.Equal("kpi", (await obj.GetLayoutAsync()).Info!.Type);
        var dimension = (await doc.CreateDimensionAsync(new Qix.Enigma2027.GenericDimensionProperties
        {
            Info = new Qix.Enigma2027.NxInfo { Type = "dimension" },
            Dim = new Qix.Enigma2027.NxLibraryDimensionDef { FieldDefs = new() { "Country" } },
        })).Return;
        Assert.Equal("dimension", (await dimension.GetLayoutAsync()).Info!.Type);
        var measure = (await doc.CreateMeasureAsync(new Qix.Enigma2027.GenericMeasureProperties
        {
            Info = new Qix.Enigma2027.NxInfo { Type = "measure" },
            Measure = new Qix.Enigma2027.NxLibraryMeasureDef { Def = "Sum(Amount)" },
        })).Return;
        Assert.Equal("measure", (await measure.GetLayoutAsync()).Info!.Type);
        var bookmark = (await doc.CreateBookmarkAsync(new Qix.Enigma2027.GenericBookmarkProperties { Info = new Qix.Enigma2027.NxInfo { Type = "bookmark" } })).Return;
        Assert.Equal("bookmark", (await bookmark.GetLayoutAsync()).Info!.Type);
        var variable = await doc.CreateSessionVariableAsync(new Qix.Enigma2027.GenericVariableProperties { Info = new Qix.Enigma2027.NxInfo { Type = "variable" }, Name = "vTotal", Definition = "=1+1" });
        Assert.Equal("variable", (await variable.GetLayoutAsync()).Info!.Type);
    }
}
