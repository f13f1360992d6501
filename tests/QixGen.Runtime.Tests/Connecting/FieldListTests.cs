using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Qix;
using QixGen.Session;
using QixGen.Testing.Data;
using QixGen.Testing.Hosting;
using Xunit;

namespace QixGen.Runtime.Tests.Connecting;

/// <summary>The article's field list: a qFieldListDef session object, GetLayout, qFieldList.qItems; each flag changes what the simulator lists.</summary>
public sealed class FieldListTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static async Task<List<NxFieldDescription>> ListAsync(FieldListDef def, string hideVariable = "HidePrefix", string hideValue = "%")
    {
        await using var simulator = new QixEngineSimulator();
        var app = simulator.AddApp(new AppBuilder("Sales.qvf")
            .Table("Sales", new[] { "Region", "Amount", "%Key", "Note_" }, new object?[] { "Nordic", 10.5, 1, "a" }, new object?[] { "Iberia", 20.0, 2, "b" })
            .Table("Regions", new[] { "Region", "Manager" }, new object?[] { "Nordic", "Astrid" }));
        app.AddVariable($$"""{"qInfo":{"qId":"hide"},"qName":"{{hideVariable}}","qDefinition":"{{hideValue}}","qIsScriptCreated":true}""");
        await using var session = await QixSession.ConnectAsync(simulator.CreateSessionOptions(), Bound);
        var doc = await session.GetGlobal().OpenDocAsync("Sales.qvf").WaitAsync(Bound);
        var list = await doc.CreateSessionObjectAsync(new GenericObjectProperties { Info = new NxInfo { Type = "FieldList" }, FieldListDef = def }).WaitAsync(Bound);
        return (await list.GetLayoutAsync().WaitAsync(Bound)).FieldList!.Items!;
    }

    [Fact]
    public async Task Without_flags_only_the_visible_data_fields_are_listed()
    {
        var items = await ListAsync(new FieldListDef());

        Assert.Equal(new[] { "Region", "Amount", "Note_", "Manager" }, items.Select(i => i.Name));
        Assert.All(items, i => Assert.False(i.IsSystem == true || i.IsHidden == true || i.IsSemantic == true));
        Assert.All(items, i => Assert.False(i.AdditionalProperties?.ContainsKey("qSrcTables") ?? false));
        var region = items.Single(i => i.Name == "Region");
        Assert.Equal(2, region.Cardinal);
        Assert.Equal(new[] { "$key", "$ascii", "$text" }, region.Tags); // in two tables
        Assert.Equal(new[] { "$numeric" }, items.Single(i => i.Name == "Amount").Tags);
    }

    [Fact]
    public async Task ShowHidden_adds_the_fields_HidePrefix_hides()
    {
        var items = await ListAsync(new FieldListDef { ShowHidden = true });

        var key = Assert.Single(items, i => i.Name == "%Key");
        Assert.True(key.IsHidden);
        Assert.Equal(new[] { "$numeric", "$integer" }, key.Tags);
        Assert.Equal(1, items.Count(i => i.IsHidden == true));
    }

    [Fact]
    public async Task HideSuffix_hides_too()
    {
        var hidden = await ListAsync(new FieldListDef(), "HideSuffix", "_");
        var shown = await ListAsync(new FieldListDef { ShowHidden = true }, "HideSuffix", "_");

        Assert.DoesNotContain(hidden, i => i.Name == "Note_");
        Assert.Contains(hidden, i => i.Name == "%Key"); // no HidePrefix now
        Assert.True(Assert.Single(shown, i => i.Name == "Note_").IsHidden);
    }

    [Fact]
    public async Task ShowSystem_adds_the_system_fields()
    {
        var items = await ListAsync(new FieldListDef { ShowSystem = true });

        var system = items.Where(i => i.IsSystem == true).ToList();
        Assert.Equal(new[] { "$Field", "$Table", "$Rows", "$Fields", "$FieldNo" }, system.Select(i => i.Name));
        Assert.All(system, i => Assert.Equal("$system", i.Tags![0]));
        Assert.Equal(2, system.Single(i => i.Name == "$Table").Cardinal);
        Assert.Equal(5, system.Single(i => i.Name == "$Field").Cardinal); // Region, Amount, %Key, Note_, Manager
    }

    [Fact]
    public async Task ShowSrcTables_adds_each_fields_tables()
    {
        var items = await ListAsync(new FieldListDef { ShowSrcTables = true });

        var tables = items.Single(i => i.Name == "Region").AdditionalProperties!["qSrcTables"].EnumerateArray().Select(t => t.GetString());
        Assert.Equal(new[] { "Sales", "Regions" }, tables);
    }

    [Fact]
    public async Task ShowSemantic_and_ShowDerivedFields_are_accepted_and_the_simulator_has_neither_kind()
    {
        var items = await ListAsync(new FieldListDef { ShowSemantic = true, ShowDerivedFields = true });

        Assert.Equal(new[] { "Region", "Amount", "Note_", "Manager" }, items.Select(i => i.Name));
        Assert.All(items, i => Assert.Null(i.DerivedFieldData));
    }
}
