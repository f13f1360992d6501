using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using QixGen.Testing.Hosting;
using QixGen.Testing.Tests.Infrastructure;
using Xunit;

namespace QixGen.Testing.Tests;

/// <summary>Wire protocol: OnConnected, handles, change and close lists, named params, error codes.</summary>
public sealed class ProtocolTests
{
    private static int[] Handles(JsonObject response, string key) =>
        response[key] is JsonArray array ? array.Select(n => n!.GetValue<int>()).ToArray() : System.Array.Empty<int>();

    [Fact]
    public async Task SessionStartsWithOnConnected()
    {
        await using var engine = new QixEngineSimulator();
        await using var client = new RawClient(engine.ConnectInMemory());
        var connected = await client.Connected;
        Assert.Equal("SESSION_CREATED", connected["params"]!["qSessionState"]!.GetValue<string>());
        var version = await client.ResultAsync("EngineVersion", -1);
        Assert.Equal("12.2528.0", version["qVersion"]!["qComponentVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task SelectionsChangeTheDocAndFetchedDataObjectsOnly()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var list = await Wire.ListObjectAsync(f.Client, f.Doc, "Country");
        var unfetched = await Wire.ListObjectAsync(f.Client, f.Doc, "Name");
        await f.Client.ResultAsync("GetLayout", list);
        var variable = (await f.Client.ResultAsync("CreateVariableEx", f.Doc, new JsonArray(new JsonObject { ["qName"] = "v", ["qDefinition"] = "1" })))["qReturn"]!["qHandle"]!.GetValue<int>();
        var field = await Wire.FieldAsync(f.Client, f.Doc, "Country");

        var response = await f.Client.CallAsync("Select", field, new JsonArray("Norway"));
        Assert.Equal(new[] { f.Doc, list }, Handles(response, "change"));
        Assert.DoesNotContain(variable, Handles(response, "change"));
        Assert.DoesNotContain(unfetched, Handles(response, "change")); // the engine reports only validated objects

        await f.Client.ResultAsync("GetLayout", list);
        var clear = await f.Client.CallAsync("Clear", field);
        Assert.Equal(new[] { f.Doc, list }, Handles(clear, "change"));

        await f.Client.CallAsync("Select", field, new JsonArray("Norway"));
        var again = await f.Client.CallAsync("Select", field, new JsonArray("Norway"));
        Assert.Empty(Handles(again, "change")); // nothing changed, nothing invalidated
    }

    [Fact]
    public async Task PropertiesChangeOnlyTheirObjectAndDestroyCloses()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var created = await f.Client.CallAsync("CreateObject", f.Doc, new JsonArray(new JsonObject { ["qInfo"] = new JsonObject { ["qId"] = "my-id", ["qType"] = "thing" }, ["x"] = 1 }));
        var handle = created["result"]!["qReturn"]!["qHandle"]!.GetValue<int>();
        Assert.Equal(new[] { handle }, Handles(created, "change"));
        Assert.Equal("my-id", created["result"]!["qInfo"]!["qId"]!.GetValue<string>());
        Assert.Equal("thing", created["result"]!["qReturn"]!["qGenericType"]!.GetValue<string>());

        var patched = await f.Client.CallAsync("ApplyPatches", handle, new JsonArray(new JsonArray(new JsonObject { ["qOp"] = "replace", ["qPath"] = "/x", ["qValue"] = "2" })));
        Assert.Equal(new[] { handle }, Handles(patched, "change"));
        Assert.Equal(2, (await f.Client.ResultAsync("GetProperties", handle))["qProp"]!["x"]!.GetValue<int>());

        // Same object again: same handle.
        Assert.Equal(handle, (await f.Client.ResultAsync("GetObject", f.Doc, new JsonArray("my-id")))["qReturn"]!["qHandle"]!.GetValue<int>());

        var destroyed = await f.Client.CallAsync("DestroyObject", f.Doc, new JsonArray("my-id"));
        Assert.True(destroyed["result"]!["qSuccess"]!.GetValue<bool>());
        Assert.Equal(new[] { handle }, Handles(destroyed, "close"));
        var gone = await f.Client.CallAsync("GetLayout", handle);
        Assert.Equal(-32602, gone["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task NamedParametersWorkLikePositionalOnes()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var field = (await f.Client.ResultAsync("GetField", f.Doc, new JsonObject { ["qFieldName"] = "Country" }))["qReturn"]!["qHandle"]!.GetValue<int>();
        var selected = await f.Client.ResultAsync("Select", field, new JsonObject { ["qMatch"] = "Denmark" });
        Assert.True(selected["qReturn"]!.GetValue<bool>());
        Assert.Equal("S", (await Wire.FieldStatesAsync(f.Client, f.Doc, "Country"))["Denmark"]);
    }

    [Fact]
    public async Task ErrorsCarryTheEngineCodes()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var missingObject = await f.Client.CallAsync("GetObject", f.Doc, new JsonArray("nope"));
        Assert.Equal(2, missingObject["error"]!["code"]!.GetValue<int>()); // LOCERR_GENERIC_NOT_FOUND

        var alreadyOpen = await f.Client.CallAsync("OpenDoc", -1, new JsonArray("Sales.qvf"));
        Assert.Equal(1002, alreadyOpen["error"]!["code"]!.GetValue<int>()); // LOCERR_APP_ALREADY_OPEN

        var missingParam = await f.Client.CallAsync("GetField", f.Doc, new JsonArray());
        Assert.Equal(-32602, missingParam["error"]!["code"]!.GetValue<int>());
        Assert.Equal("qFieldName", missingParam["error"]!["parameter"]!.GetValue<string>());

        await using var engine = new QixEngineSimulator();
        await using var client = new RawClient(engine.ConnectInMemory());
        var missingApp = await client.CallAsync("OpenDoc", -1, new JsonArray("Nope.qvf"));
        Assert.Equal(1003, missingApp["error"]!["code"]!.GetValue<int>()); // LOCERR_APP_NOT_FOUND
        Assert.Equal("Nope.qvf", missingApp["error"]!["parameter"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnsupportedMethodsSaySo()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var response = await f.Client.CallAsync("GetLocaleInfo", f.Doc, new JsonArray());
        Assert.Equal(-32601, response["error"]!["code"]!.GetValue<int>());
        Assert.Equal("not supported by the QixGen simulator: Doc.GetLocaleInfo", response["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task TablesAndKeysDescribeTheDataModel()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var response = await f.Client.CallAsync("GetTablesAndKeys", f.Doc, new JsonArray(new JsonObject(), new JsonObject(), 0, true, false));
        var tables = response["result"]!["qtr"]!.AsArray();
        Assert.True(tables.Count >= 2, response.ToJsonString());
        Assert.All(tables, t => Assert.NotEmpty(t!["qFields"]!.AsArray()));
        Assert.NotEmpty(response["result"]!["qk"]!.AsArray()); // the tables associate through a shared field
    }

    [Fact]
    public async Task SessionAppsAndDocList()
    {
        await using var engine = new QixEngineSimulator();
        engine.AddApp(TestApps.Sales().Title("Sales"));
        await using var client = new RawClient(engine.ConnectInMemory());
        var list = await client.ResultAsync("GetDocList", -1);
        Assert.Equal("Sales.qvf", list["qDocList"]![0]!["qDocId"]!.GetValue<string>());

        var created = await client.CallAsync("CreateSessionApp", -1);
        Assert.StartsWith("SessionApp_", created["result"]!["qSessionAppId"]!.GetValue<string>());
        Assert.Equal(new JsonArray(1).ToJsonString(), created["change"]!.ToJsonString());
        var active = await client.ResultAsync("GetActiveDoc", -1);
        Assert.Equal(1, active["qReturn"]!["qHandle"]!.GetValue<int>());
    }

    [Fact]
    public async Task BackAndForwardWalkTheSelectionHistory()
    {
        await using var f = await SimulatorFixture.OpenSalesAsync();
        var field = await Wire.FieldAsync(f.Client, f.Doc, "Country");
        await f.Client.ResultAsync("Select", field, new JsonArray("Norway"));
        await f.Client.ResultAsync("Select", field, new JsonArray("Sweden"));
        await f.Client.ResultAsync("Back", f.Doc);
        Assert.Equal("S", (await Wire.FieldStatesAsync(f.Client, f.Doc, "Country"))["Norway"]);
        await f.Client.ResultAsync("Forward", f.Doc);
        Assert.Equal("S", (await Wire.FieldStatesAsync(f.Client, f.Doc, "Country"))["Sweden"]);
    }
}
