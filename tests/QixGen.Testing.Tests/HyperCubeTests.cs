using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using QixGen.Testing.Tests.Infrastructure;
using Xunit;

namespace QixGen.Testing.Tests;

/// <summary>Hypercubes: aggregation across associated tables, paging, sorting, infos.</summary>
public sealed class HyperCubeTests
{
    private static JsonObject Cube(JsonArray dimensions, JsonArray measures, int height = 10, JsonArray? sortOrder = null)
    {
        var def = new JsonObject
        {
            ["qDimensions"] = dimensions,
            ["qMeasures"] = measures,
            ["qInitialDataFetch"] = new JsonArray(new JsonObject { ["qTop"] = 0, ["qLeft"] = 0, ["qWidth"] = 10, ["qHeight"] = height }),
        };
        if (sortOrder is not null)
        {
            def["qInterColumnSortOrder"] = sortOrder;
        }

        return new JsonObject { ["qInfo"] = new JsonObject { ["qType"] = "table" }, ["qHyperCubeDef"] = def, ["title"] = "kept" };
    }

    private static JsonObject Dim(string field, JsonObject? sort = null)
    {
        var def = new JsonObject { ["qFieldDefs"] = new JsonArray(field) };
        if (sort is not null)
        {
            def["qSortCriterias"] = new JsonArray(sort);
        }

        return new JsonObject { ["qDef"] = def };
    }

    private static JsonObject Measure(string expression, int sortNumeric = 0) => new JsonObject
    {
        ["qDef"] = new JsonObject { ["qDef"] = expression },
        ["qSortBy"] = new JsonObject { ["qSortByNumeric"] = sortNumeric },
    };

    private static async Task<(int Handle, JsonObject Layout)> CreateAsync(SimulatorFixture f, JsonObject properties)
    {
        var handle = (await f.Client.ResultAsync("CreateSessionObject", f.Doc, new JsonArray(properties)))["qReturn"]!["qHandle"]!.GetValue<int>();
        return (handle, (JsonObject)(await f.Client.ResultAsync("GetLayout", handle))["qLayout"]!);
    }

    [Fact]
    public async Task AggregatesAcrossTablesPerDimensionValue()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var (_, layout) = await CreateAsync(f, Cube(new JsonArray(Dim("Country")), new JsonArray(Measure("Sum(Amount)"), Measure("=Count(OrderId)"), Measure("Avg(Amount)"), Measure("Max(Amount)"), Measure("Only(Name)"))));
        var cube = layout["qHyperCube"]!;
        Assert.Equal("kept", layout["title"]!.GetValue<string>()); // custom properties stay in the layout
        Assert.Null(layout["qHyperCubeDef"]);
        Assert.Equal(6, cube["qSize"]!["qcx"]!.GetValue<int>());
        var rows = Wire.Texts(cube["qDataPages"]![0]!);
        // Load order: Sweden, Norway, Denmark (Denmark has no orders).
        Assert.Equal(new[] { "Sweden", "35", "3", "11.666666666667", "20", "-" }, rows[0]);
        Assert.Equal(new[] { "Norway", "41", "2", "20.5", "40", "Gamma" }, rows[1]);
        Assert.Equal("0", rows[2][1]);
        Assert.Equal("Country", cube["qDimensionInfo"]![0]!["qFallbackTitle"]!.GetValue<string>());
        Assert.Equal("=Count(OrderId)", cube["qMeasureInfo"]![1]!["qFallbackTitle"]!.GetValue<string>());
        Assert.Equal(3, cube["qDimensionInfo"]![0]!["qCardinal"]!.GetValue<int>());
        Assert.Equal(83, cube["qGrandTotalRow"]![0]!["qNum"]!.GetValue<double>()); // all orders, 106 included
    }

    [Fact]
    public async Task SelectionsNarrowTheCube()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var (handle, _) = await CreateAsync(f, Cube(new JsonArray(Dim("Name")), new JsonArray(Measure("Sum(Amount)"))));
        await f.Client.ResultAsync("Select", await Wire.FieldAsync(f.Client, f.Doc, "Country"), new JsonArray("Sweden"));
        var cube = (await f.Client.ResultAsync("GetLayout", handle))["qLayout"]!["qHyperCube"]!;
        Assert.Equal(2, cube["qSize"]!["qcy"]!.GetValue<int>());
        var rows = Wire.Texts(cube["qDataPages"]![0]!);
        Assert.Equal(new[] { "Alfa", "30" }, rows[0]);
        Assert.Equal(new[] { "Beta", "5" }, rows[1]);
        Assert.Equal("O", cube["qDataPages"]![0]!["qMatrix"]![0]![0]!["qState"]!.GetValue<string>());
        Assert.Equal("L", cube["qDataPages"]![0]!["qMatrix"]![0]![1]!["qState"]!.GetValue<string>());
    }

    [Fact]
    public async Task PagesAreClippedToTheData()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var (handle, _) = await CreateAsync(f, Cube(new JsonArray(Dim("OrderId")), new JsonArray(Measure("Sum(Amount)")), height: 0));
        var pages = (await f.Client.ResultAsync("GetHyperCubeData", handle, new JsonArray("/qHyperCubeDef", new JsonArray(
            new JsonObject { ["qTop"] = 2, ["qLeft"] = 0, ["qWidth"] = 2, ["qHeight"] = 2 },
            new JsonObject { ["qTop"] = 4, ["qLeft"] = 1, ["qWidth"] = 5, ["qHeight"] = 10 }))))["qDataPages"]!;
        Assert.Equal(new[] { new[] { "103", "5" }, new[] { "104", "40" } }, Wire.Texts(pages[0]!).Select(r => r.ToArray()).ToArray());
        Assert.Equal(new[] { new[] { "1" }, new[] { "7" } }, Wire.Texts(pages[1]!).Select(r => r.ToArray()).ToArray());
        var area = pages[1]!["qArea"]!;
        Assert.Equal((1, 4, 1, 2), (area["qLeft"]!.GetValue<int>(), area["qTop"]!.GetValue<int>(), area["qWidth"]!.GetValue<int>(), area["qHeight"]!.GetValue<int>()));
    }

    [Fact]
    public async Task SortsByMeasureWhenItComesFirst()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var (_, layout) = await CreateAsync(f, Cube(new JsonArray(Dim("OrderId")), new JsonArray(Measure("Sum(Amount)", sortNumeric: -1)), sortOrder: new JsonArray(1, 0)));
        var cube = layout["qHyperCube"]!;
        var amounts = Wire.Texts(cube["qDataPages"]![0]!).Select(r => r[1]).ToArray();
        Assert.Equal(new[] { "40", "20", "10", "7", "5", "1" }, amounts);
        Assert.Equal("D", cube["qMeasureInfo"]![0]!["qSortIndicator"]!.GetValue<string>());
        Assert.Equal(new[] { 1, 0 }, cube["qEffectiveInterColumnSortOrder"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray());
    }

    [Fact]
    public async Task SortsDimensionsByTextOrNumber()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var (_, byText) = await CreateAsync(f, Cube(new JsonArray(Dim("Name", new JsonObject { ["qSortByAscii"] = -1 })), new JsonArray()));
        Assert.Equal(new[] { "Gamma", "Delta", "Beta", "Alfa" }, Wire.Texts(byText["qHyperCube"]!["qDataPages"]![0]!).Select(r => r[0]).ToArray());
        Assert.Equal("D", byText["qHyperCube"]!["qDimensionInfo"]![0]!["qSortIndicator"]!.GetValue<string>());

        var (_, byNumber) = await CreateAsync(f, Cube(new JsonArray(Dim("Amount", new JsonObject { ["qSortByNumeric"] = 1 })), new JsonArray()));
        Assert.Equal(new[] { "1", "5", "7", "10", "20", "40" }, Wire.Texts(byNumber["qHyperCube"]!["qDataPages"]![0]!).Select(r => r[0]).ToArray());
        var info = byNumber["qHyperCube"]!["qDimensionInfo"]![0]!;
        Assert.Equal(1, info["qMin"]!.GetValue<double>());
        Assert.Equal(40, info["qMax"]!.GetValue<double>());
    }

    [Fact]
    public async Task SelectHyperCubeValuesAndCellsSelectInTheField()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var (handle, _) = await CreateAsync(f, Cube(new JsonArray(Dim("Country")), new JsonArray(Measure("Sum(Amount)"))));
        var response = await f.Client.CallAsync("SelectHyperCubeCells", handle, new JsonArray("/qHyperCubeDef", new JsonArray(1), new JsonArray(0), false, false));
        Assert.True(response["result"]!["qSuccess"]!.GetValue<bool>());
        Assert.Equal("S", (await Wire.FieldStatesAsync(f.Client, f.Doc, "Country"))["Norway"]);

        await f.Client.ResultAsync("SelectHyperCubeValues", handle, new JsonArray("/qHyperCubeDef", 0, new JsonArray(0), false));
        var countries = await Wire.FieldStatesAsync(f.Client, f.Doc, "Country");
        Assert.Equal("S", countries["Sweden"]);
        Assert.NotEqual("S", countries["Norway"]);
    }

    [Fact]
    public async Task ListObjectsPageSortAndSelect()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var list = await Wire.ListObjectAsync(f.Client, f.Doc, "Name", sortCriteria: new JsonObject { ["qSortByAscii"] = 1 });
        var pages = (await f.Client.ResultAsync("GetListObjectData", list, new JsonArray("/qListObjectDef", new JsonArray(new JsonObject { ["qTop"] = 1, ["qWidth"] = 1, ["qHeight"] = 2 }))))["qDataPages"]!;
        Assert.Equal(new[] { new[] { "Beta" }, new[] { "Delta" } }, Wire.Texts(pages[0]!).Select(r => r.ToArray()).ToArray());
        Assert.Equal(3, pages[0]!["qMatrix"]![1]![0]!["qElemNumber"]!.GetValue<int>()); // Delta was loaded fourth

        await f.Client.ResultAsync("SelectListObjectValues", list, new JsonArray("/qListObjectDef", new JsonArray(3), false));
        var layout = (await f.Client.ResultAsync("GetLayout", list))["qLayout"]!["qListObject"]!;
        Assert.Equal(1, layout["qDimensionInfo"]!["qStateCounts"]!["qSelected"]!.GetValue<int>());
        Assert.Equal(4, layout["qSize"]!["qcy"]!.GetValue<int>());
    }

    [Fact]
    public async Task LibraryMeasuresVariablesAndEvaluate()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var measure = await f.Client.ResultAsync("CreateMeasure", f.Doc, new JsonArray(new JsonObject
        {
            ["qInfo"] = new JsonObject { ["qType"] = "measure" },
            ["qMeasure"] = new JsonObject { ["qLabel"] = "Revenue", ["qDef"] = "Sum(Amount)" },
        }));
        var id = measure["qInfo"]!["qId"]!.GetValue<string>();
        var (_, layout) = await CreateAsync(f, Cube(new JsonArray(Dim("Country")), new JsonArray(new JsonObject { ["qLibraryId"] = id })));
        Assert.Equal("Revenue", layout["qHyperCube"]!["qMeasureInfo"]![0]!["qFallbackTitle"]!.GetValue<string>());

        var variable = await f.Client.ResultAsync("CreateVariableEx", f.Doc, new JsonArray(new JsonObject { ["qName"] = "vTotal", ["qDefinition"] = "=Sum(Amount)" }));
        var handle = variable["qReturn"]!["qHandle"]!.GetValue<int>();
        Assert.Equal("GenericVariable", variable["qReturn"]!["qType"]!.GetValue<string>());
        Assert.Equal("83", (await f.Client.ResultAsync("GetLayout", handle))["qLayout"]!["qText"]!.GetValue<string>());
        await f.Client.ResultAsync("SetNumValue", handle, new JsonArray(7));
        var byName = (await f.Client.ResultAsync("GetVariableByName", f.Doc, new JsonArray("vTotal")))["qReturn"]!["qHandle"]!.GetValue<int>();
        Assert.Equal(handle, byName);
        Assert.Equal(7, (await f.Client.ResultAsync("GetLayout", handle))["qLayout"]!["qNum"]!.GetValue<double>());

        Assert.Equal("41", (await f.Client.ResultAsync("Evaluate", f.Doc, new JsonArray("Sum(Amount) - 42")))["qReturn"]!.GetValue<string>());
    }

    [Fact]
    public async Task BookmarksRestoreSelections()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var country = await Wire.FieldAsync(f.Client, f.Doc, "Country");
        await f.Client.ResultAsync("Select", country, new JsonArray("Norway"));
        var bookmark = await f.Client.ResultAsync("CreateBookmark", f.Doc, new JsonArray(new JsonObject { ["qInfo"] = new JsonObject { ["qType"] = "bookmark" } }));
        await f.Client.ResultAsync("ClearAll", f.Doc);
        Assert.Equal("O", (await Wire.FieldStatesAsync(f.Client, f.Doc, "Country"))["Sweden"]);

        await f.Client.ResultAsync("ApplyBookmark", f.Doc, new JsonArray(bookmark["qInfo"]!["qId"]!.GetValue<string>()));
        Assert.Equal("S", (await Wire.FieldStatesAsync(f.Client, f.Doc, "Country"))["Norway"]);
        var layout = (await f.Client.ResultAsync("GetLayout", bookmark["qReturn"]!["qHandle"]!.GetValue<int>()))["qLayout"]!;
        Assert.Equal("Country", layout["qFieldInfos"]![0]!["qFieldName"]!.GetValue<string>());
    }
}
