using System.Text.Json.Nodes;
using System.Threading.Tasks;
using QixGen.Testing.Tests.Infrastructure;
using Xunit;

namespace QixGen.Testing.Tests;

/// <summary>Qlik's associative states across two tables linked by CustomerId.</summary>
public sealed class AssociativeStateTests
{
    [Fact]
    public async Task NothingSelectedMeansEverythingPossible()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var orders = await Wire.FieldStatesAsync(f.Client, f.Doc, "OrderId");
        Assert.All(orders.Values, state => Assert.Equal("O", state));
        Assert.Equal(6, orders.Count);
    }

    [Fact]
    public async Task SelectingACountryNarrowsTheOtherTable()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var country = await Wire.FieldAsync(f.Client, f.Doc, "Country");
        var selected = await f.Client.ResultAsync("Select", country, new JsonArray("Sweden"));
        Assert.True(selected["qReturn"]!.GetValue<bool>());

        var orders = await Wire.FieldStatesAsync(f.Client, f.Doc, "OrderId");
        Assert.Equal("O", orders["101"]);
        Assert.Equal("O", orders["102"]);
        Assert.Equal("O", orders["103"]);
        Assert.Equal("X", orders["104"]);
        Assert.Equal("X", orders["105"]);
        Assert.Equal("X", orders["106"]); // no customer: not associated with Sweden

        var customers = await Wire.FieldStatesAsync(f.Client, f.Doc, "Name");
        Assert.Equal(new[] { "O", "O", "X", "X" }, new[] { customers["Alfa"], customers["Beta"], customers["Gamma"], customers["Delta"] });
    }

    [Fact]
    public async Task AlternativeValuesShowWhenAsked()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var country = await Wire.FieldAsync(f.Client, f.Doc, "Country");
        await f.Client.ResultAsync("Select", country, new JsonArray("Sweden"));
        var result = await f.Client.ResultAsync("CreateSessionObject", f.Doc, new JsonArray(new JsonObject
        {
            ["qInfo"] = new JsonObject { ["qType"] = "listbox" },
            ["qListObjectDef"] = new JsonObject
            {
                ["qDef"] = new JsonObject { ["qFieldDefs"] = new JsonArray("Country") },
                ["qShowAlternatives"] = true,
                ["qInitialDataFetch"] = new JsonArray(new JsonObject { ["qWidth"] = 1, ["qHeight"] = 10 }),
            },
        }));
        var states = await Wire.StatesAsync(f.Client, result["qReturn"]!["qHandle"]!.GetValue<int>());
        Assert.Equal("S", states["Sweden"]);
        Assert.Equal("A", states["Norway"]);
        Assert.Equal("A", states["Denmark"]);
    }

    [Fact]
    public async Task SelectingInTheFactTableNarrowsTheDimensionTable()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var amount = await Wire.FieldAsync(f.Client, f.Doc, "Amount");
        await f.Client.ResultAsync("Select", amount, new JsonArray(">=20"));

        var countries = await Wire.FieldStatesAsync(f.Client, f.Doc, "Country");
        Assert.Equal("O", countries["Sweden"]);   // order 102 (20)
        Assert.Equal("O", countries["Norway"]);   // order 104 (40)
        Assert.Equal("X", countries["Denmark"]);  // no orders at all
    }

    [Fact]
    public async Task ASelectionExcludedByAnotherFieldIsExcludedSelected()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        await f.Client.ResultAsync("Select", await Wire.FieldAsync(f.Client, f.Doc, "Country"), new JsonArray("Sweden"));
        await f.Client.ResultAsync("LowLevelSelect", await Wire.FieldAsync(f.Client, f.Doc, "OrderId"), new JsonArray(new JsonArray(3), false));

        var countries = await Wire.FieldStatesAsync(f.Client, f.Doc, "Country");
        Assert.Equal("XS", countries["Sweden"]);
        var orders = await Wire.FieldStatesAsync(f.Client, f.Doc, "OrderId");
        Assert.Equal("XS", orders["104"]);
    }

    [Fact]
    public async Task LockedSelectionsSurviveClearAllAndRefuseChanges()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var country = await Wire.FieldAsync(f.Client, f.Doc, "Country");
        await f.Client.ResultAsync("Select", country, new JsonArray("Norway"));
        Assert.True((await f.Client.ResultAsync("Lock", country))["qReturn"]!.GetValue<bool>());
        Assert.False((await f.Client.ResultAsync("Select", country, new JsonArray("Sweden")))["qReturn"]!.GetValue<bool>());
        await f.Client.ResultAsync("ClearAll", f.Doc, new JsonArray(false));

        var countries = await Wire.FieldStatesAsync(f.Client, f.Doc, "Country");
        Assert.Equal("L", countries["Norway"]);
        await f.Client.ResultAsync("Unlock", country);
        await f.Client.ResultAsync("ClearAll", f.Doc);
        Assert.Equal("O", (await Wire.FieldStatesAsync(f.Client, f.Doc, "Country"))["Norway"]);
    }

    [Fact]
    public async Task SelectValuesToggleAndSelectPossible()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var customer = await Wire.FieldAsync(f.Client, f.Doc, "CustomerId");
        await f.Client.ResultAsync("SelectValues", customer, new JsonArray(new JsonArray(
            new JsonObject { ["qIsNumeric"] = true, ["qNumber"] = 1 },
            new JsonObject { ["qText"] = "3" })));
        await f.Client.ResultAsync("ToggleSelect", customer, new JsonArray("1"));
        var states = await Wire.FieldStatesAsync(f.Client, f.Doc, "CustomerId");
        Assert.Equal("S", states["3"]);
        Assert.NotEqual("S", states["1"]);

        var country = await Wire.FieldAsync(f.Client, f.Doc, "Country");
        await f.Client.ResultAsync("SelectPossible", country);
        var countries = await Wire.FieldStatesAsync(f.Client, f.Doc, "Country");
        Assert.Equal("S", countries["Norway"]);
        Assert.NotEqual("S", countries["Sweden"]);
    }

    [Fact]
    public async Task WildcardSearchSelectsMatchingValues()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var name = await Wire.FieldAsync(f.Client, f.Doc, "Name");
        await f.Client.ResultAsync("Select", name, new JsonArray("*a"));
        var names = await Wire.FieldStatesAsync(f.Client, f.Doc, "Name");
        Assert.All(names.Values, state => Assert.Equal("S", state)); // Alfa Beta Gamma Delta all end in a
        await f.Client.ResultAsync("Select", name, new JsonArray("?eta"));
        names = await Wire.FieldStatesAsync(f.Client, f.Doc, "Name");
        Assert.Equal("S", names["Beta"]);
        Assert.NotEqual("S", names["Alfa"]);
    }
}
