using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using Qix;
using QixGen.Session;
using QixGen.Testing.Data;
using QixGen.Testing.Hosting;
using Xunit;

namespace QixGen.Runtime.Tests;

/// <summary>
/// The first lines of a user's program: connect in one await, <c>session.GetGlobal()</c> from the bindings'
/// namespace, and user code serializing any result shape with QixApi.JsonOptions (no reflection).
/// </summary>
public sealed class EntryPointTests
{
    private static async Task<(QixEngineSimulator Simulator, QixSession Session)> ConnectAsync()
    {
        var simulator = new QixEngineSimulator();
        simulator.AddApp(new AppBuilder("Sales.qvf").Table("Sales", new[] { "Region", "Amount" },
            new object?[] { "Nordic", 120.0 },
            new object?[] { "Iberia", 90.0 }));
        return (simulator, await QixSession.ConnectAsync(simulator.CreateSessionOptions()));
    }

    [Fact]
    public async Task Connect_is_one_await_and_GetGlobal_is_on_the_session()
    {
        var (simulator, session) = await ConnectAsync();
        await using var _ = simulator;
        await using var __ = session;

        // Connected already: OnConnected has arrived, so this answers at once.
        Assert.Equal(QixSessionState.Created, await session.WaitForConnectedAsync(System.TimeSpan.FromSeconds(30)));
        var global = session.GetGlobal();
        Assert.Same(QixApi.GetGlobal(session), global);
        Assert.Equal("12.2528.0", (await global.EngineVersionAsync()).ComponentVersion);
    }

    [Fact]
    public void The_authentication_helpers_are_on_the_options_with_the_session_using_alone()
    {
        // This file imports QixGen.Session but not QixGen.Auth: the helpers must still be found.
        var options = new QixSessionOptions().UseBearerToken("api-key").UseHeaderAuthentication("X-Qlik-HeaderAuth", "jdoe");

        Assert.Equal("Bearer api-key", options.Headers["Authorization"]);
        Assert.Equal("jdoe", options.Headers["X-Qlik-HeaderAuth"]);
        Assert.Equal("UserDirectory=CORP; UserId=jdoe", QixAuthentication.QlikUserHeader("CORP", "jdoe"));
    }

    [Fact]
    public async Task The_doc_list_serializes_with_QixApi_JsonOptions()
    {
        var (simulator, session) = await ConnectAsync();
        await using var _ = simulator;
        await using var __ = session;

        List<DocListEntry> docList = await session.GetGlobal().GetDocListAsync();
        var json = JsonSerializer.Serialize(docList, QixApi.JsonOptions);

        Assert.StartsWith("[{", json);
        Assert.Contains("\"qDocId\":\"Sales.qvf\"", json);
        var back = JsonSerializer.Deserialize<List<DocListEntry>>(json, QixApi.JsonOptions)!;
        Assert.Equal("Sales.qvf", Assert.Single(back).DocId);

        // The trim- and AOT-safe form (the options overloads are annotated as needing reflection).
        Assert.Equal(json, JsonSerializer.Serialize(docList, QixApi.GetJsonTypeInfo<List<DocListEntry>>()));
        Assert.Equal("Sales.qvf", JsonSerializer.Deserialize(json, QixApi.GetJsonTypeInfo<List<DocListEntry>>())![0].DocId);
    }

    [Fact]
    public void Every_list_shape_of_generated_types_and_primitives_has_type_info()
    {
        var rows = new List<List<NxCell>> { new() { new NxCell { Text = "Nordic", Num = 1 } } };
        var json = JsonSerializer.Serialize(rows, QixApi.JsonOptions);
        Assert.Equal("Nordic", JsonSerializer.Deserialize<List<List<NxCell>>>(json, QixApi.JsonOptions)![0][0].Text);

        foreach (var type in new[]
                 {
                     typeof(List<NxCell>), typeof(List<List<NxCell>>), typeof(List<NxSelectionCell>), typeof(List<string>),
                     typeof(List<List<string>>), typeof(List<int>), typeof(List<double>), typeof(List<JsonElement>),
                     typeof(NxCell), typeof(string),
                 })
        {
            Assert.NotNull(QixApi.JsonOptions.GetTypeInfo(type));
        }

        // Not a type of these bindings: still refused, not guessed by reflection.
        Assert.Throws<System.NotSupportedException>(() => QixApi.GetJsonTypeInfo<Dictionary<string, EntryPointTests>>());
    }
}
