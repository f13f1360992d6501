using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Qix;
using QixGen.Lists;
using QixGen.Testing.Data;
using QixGen.Testing.Tests.Infrastructure;
using Xunit;

namespace QixGen.Testing.Tests.Helpers;

/// <summary>Typed app lists built from the Sense client's session-object definitions, against the simulator.</summary>
public sealed class AppListTests
{
    private static QixApp SalesWithObjects()
    {
        var app = TestApps.Sales().Build();
        app.AddObject("""{"qInfo":{"qId":"sheet-b","qType":"sheet"},"qMetaDef":{"title":"Details","description":"Orders by customer","tags":["ops"]},"rank":1,"columns":24,"rows":12,"cells":[{"name":"t1","type":"table"}]}""");
        app.AddObject("""{"qInfo":{"qId":"sheet-a","qType":"sheet"},"qMetaDef":{"title":"Overview","description":""},"rank":0,"cells":[{"name":"k1","type":"kpi"},{"name":"b1","type":"barchart"}]}""");
        app.AddObject("""{"qInfo":{"qId":"story-1","qType":"story"},"qMetaDef":{"title":"Q3 story"},"rank":0}""");
        app.AddObject("""{"qInfo":{"qId":"mo-1","qType":"masterobject"},"qMetaDef":{"title":"Sales by country","tags":["kpi"]},"visualization":"barchart"}""");
        app.AddObject("""{"qInfo":{"qId":"t1","qType":"table"},"qMetaDef":{"title":"not a sheet"}}""");
        app.AddDimension("""{"qInfo":{"qId":"dim-1"},"qDim":{"qGrouping":"N","qFieldDefs":["Country"],"qFieldLabels":["Land"]},"qMetaDef":{"title":"Country","description":"Customer country","tags":["geo"]}}""");
        app.AddMeasure("""{"qInfo":{"qId":"mea-1"},"qMeasure":{"qDef":"Sum(Amount)","qLabel":"Revenue"},"qMetaDef":{"title":"Revenue","tags":["money"]}}""");
        app.AddVariable("""{"qInfo":{"qId":"var-1"},"qName":"vTarget","qDefinition":"100","qComment":"the goal"}""");
        app.AddVariable("""{"qInfo":{"qId":"var-2"},"qName":"vReserved","qDefinition":"1","qIsReserved":true}""");
        app.AddBookmark("""{"qInfo":{"qId":"bm-1"},"qMetaDef":{"title":"Sweden only","description":"Nordic view"},"sheetId":"sheet-a","creationDate":"2026-11-30T07:00:00.000Z"}""");
        return app;
    }

    [Fact]
    public async Task SheetsStoriesAndMasterObjectsAreTypedWithTheirQDataPaths()
    {
        await using var f = await HelperFixture.OpenAsync(SalesWithObjects());
        var sheets = await f.Doc.ListSheetsAsync();
        Assert.Equal(new[] { "sheet-a", "sheet-b" }, sheets.Select(s => s.Id).OrderBy(id => id));
        var details = sheets.Single(s => s.Id == "sheet-b");
        Assert.Equal("sheet", details.Type);
        Assert.Equal("Details", details.Title);
        Assert.Equal("Orders by customer", details.Description);
        Assert.Equal(new[] { "ops" }, details.Tags);
        Assert.Equal(1, details.Rank);
        Assert.Equal(1, details.CellCount);
        Assert.Equal(24, details.Columns);
        Assert.Equal(2, sheets.Single(s => s.Id == "sheet-a").CellCount);
        Assert.Equal("table", details.Data.GetProperty("cells")[0].GetProperty("type").GetString()); // nothing lost

        var story = Assert.Single(await f.Doc.ListStoriesAsync());
        Assert.Equal(("story-1", "Q3 story", 0.0), (story.Id, story.Title, story.Rank!.Value));
        var master = Assert.Single(await f.Doc.ListMasterObjectsAsync());
        Assert.Equal(("mo-1", "Sales by country", "barchart"), (master.Id, master.Title, master.Visualization));
        Assert.Equal(new[] { "kpi" }, master.Tags);
    }

    [Fact]
    public async Task FieldsDimensionsMeasuresVariablesAndBookmarks()
    {
        await using var f = await HelperFixture.OpenAsync(SalesWithObjects());
        var fields = await f.Doc.ListFieldsAsync();
        Assert.Equal(new[] { "Amount", "Country", "CustomerId", "Name", "OrderId" }, fields.Select(x => x.Name).OrderBy(n => n, StringComparer.Ordinal));
        var customerId = fields.Single(x => x.Name == "CustomerId");
        Assert.Equal(new[] { "Customers", "Orders" }, customerId.SourceTables.OrderBy(t => t, StringComparer.Ordinal));
        Assert.Equal(5, customerId.Cardinal); // 1, 2, 3, 4 and the orphan order's 9
        Assert.Contains("$numeric", customerId.Tags);
        Assert.True(customerId.ExtensionData.ContainsKey("qAndMode")); // a property the type does not name is kept

        var dimension = Assert.Single(await f.Doc.ListDimensionsAsync());
        Assert.Equal(("dim-1", "Country", "Customer country", "N"), (dimension.Id, dimension.Title, dimension.Description, dimension.Grouping));
        Assert.Equal(new[] { "Country" }, dimension.FieldDefinitions);
        Assert.Equal(new[] { "Land" }, dimension.FieldLabels);
        Assert.Equal(new[] { "geo" }, dimension.Tags);

        var measure = Assert.Single(await f.Doc.ListMeasuresAsync());
        Assert.Equal(("mea-1", "Revenue", "Sum(Amount)", "Revenue"), (measure.Id, measure.Title, measure.Expression, measure.Label));

        var variable = Assert.Single(await f.Doc.ListVariablesAsync()); // the reserved one is not shown
        Assert.Equal(("var-1", "vTarget", "100", "the goal"), (variable.Id, variable.Name, variable.Definition, variable.Description));

        var bookmark = Assert.Single(await f.Doc.ListBookmarksAsync());
        Assert.Equal(("bm-1", "Sweden only", "Nordic view", "sheet-a"), (bookmark.Id, bookmark.Title, bookmark.Description, bookmark.SheetId));
        Assert.Equal("2026-11-30T07:00:00.000Z", bookmark.CreationDate);

        // Each list's session object is gone after use.
        var infos = await f.Doc.GetAllInfosAsync();
        Assert.DoesNotContain(infos, i => i.Type is "SheetList" or "FieldList" or "DimensionList" or "MeasureList" or "VariableList" or "BookmarkList");
    }

    [Fact]
    public async Task CurrentSelectionsFollowTheSelections()
    {
        await using var f = await HelperFixture.OpenAsync(TestApps.Sales().Build());
        Assert.Empty(await f.Doc.ListCurrentSelectionsAsync());
        var country = await f.Doc.GetFieldAsync("Country");
        await country.SelectValuesAsync(new List<FieldValue> { new() { Text = "Sweden" } });
        var selection = Assert.Single(await f.Doc.ListCurrentSelectionsAsync());
        Assert.Equal("Country", selection.Field);
        Assert.Equal("Country", selection.Id);
        Assert.Equal(1, selection.SelectedCount);
        Assert.Equal(3, selection.Total);
        Assert.Equal(new[] { "Sweden" }, selection.SelectedValues);
        Assert.Equal(JsonValueKind.Object, selection.Json.ValueKind);
    }

    [Fact]
    public async Task ALiveListRefreshesWhenAppObjectsComeAndGo()
    {
        await using var f = await HelperFixture.OpenAsync(SalesWithObjects());
        var live = await f.Doc.WatchListAsync(QixLists.Sheets);
        var sessionObjectId = live.SessionObject.GenericId;
        Assert.Equal(2, live.Items.Count);
        await using var updates = live.UpdatesAsync(HelperFixture.Bounded()).GetAsyncEnumerator();

        await f.Doc.CreateObjectAsync(new GenericObjectProperties
        {
            Info = new NxInfo { Id = "sheet-c", Type = "sheet" },
            AdditionalProperties = new Dictionary<string, JsonElement> { ["qMetaDef"] = JsonDocument.Parse("""{"title":"New"}""").RootElement.Clone() },
        });
        Assert.True(await updates.MoveNextAsync());
        Assert.Contains(updates.Current, s => s.Id == "sheet-c" && s.Title == "New");
        Assert.Equal(3, live.Items.Count);

        await f.Doc.DestroyObjectAsync("sheet-a");
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal(new[] { "sheet-b", "sheet-c" }, updates.Current.Select(s => s.Id).OrderBy(id => id));

        await live.DisposeAsync();
        Assert.DoesNotContain(await f.Doc.GetAllInfosAsync(), i => i.Id == sessionObjectId);
        Assert.False(await updates.MoveNextAsync()); // disposing ends the stream
    }
}
