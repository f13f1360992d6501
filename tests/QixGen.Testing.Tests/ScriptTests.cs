using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using QixGen.Testing.Data;
using QixGen.Testing.Hosting;
using QixGen.Testing.Tests.Infrastructure;
using Xunit;

namespace QixGen.Testing.Tests;

/// <summary>Load scripts: INLINE, FROM csv, AUTOGENERATE; errors naming the line; progress and cancellation.</summary>
public sealed class ScriptTests
{
    private static async Task<(QixEngineSimulator Engine, RawClient Client, int Doc)> SessionAppAsync(QixSimulatorOptions? options = null)
    {
        var engine = new QixEngineSimulator(options);
        var client = new RawClient(engine.ConnectInMemory());
        var doc = (await client.ResultAsync("CreateSessionApp", -1))["qReturn"]!["qHandle"]!.GetValue<int>();
        return (engine, client, doc);
    }

    [Fact]
    public async Task InlineFileAndGeneratedTablesLoadAndAssociate()
    {
        var directory = Directory.CreateTempSubdirectory("qixsim");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "regions.csv"), "Region;Manager\nNorth;\"Ann, A.\"\nSouth;Bo\n");
            var (engine, client, doc) = await SessionAppAsync(new QixSimulatorOptions { DataDirectory = directory.FullName });
            await using var _ = engine;
            await using var __ = client;
            await client.ResultAsync("SetScript", doc, new JsonArray(
                "// sales\nSET vCurrency = 'EUR';\nSales:\nLOAD * INLINE [\nRegion, Amount\nNorth, 10\nSouth, 20\nNorth, 5\n];\n" +
                "Managers: LOAD Region, Manager FROM [lib://Data/regions.csv] (txt, utf8, embedded labels, delimiter is ';');\n" +
                "Numbers: LOAD RecNo() as N, RecNo() * 2 as Double AUTOGENERATE 3;"));
            Assert.True((await client.ResultAsync("DoReload", doc, new JsonArray(0, false, false)))["qReturn"]!.GetValue<bool>());

            var region = await Wire.FieldAsync(client, doc, "Manager");
            await client.ResultAsync("Select", region, new JsonArray("Ann, A."));
            Assert.Equal("15", (await client.ResultAsync("Evaluate", doc, new JsonArray("Sum(Amount)")))["qReturn"]!.GetValue<string>());
            Assert.Equal("12", (await client.ResultAsync("Evaluate", doc, new JsonArray("Sum(Double)")))["qReturn"]!.GetValue<string>());
            var variable = (await client.ResultAsync("GetVariableByName", doc, new JsonArray("vCurrency")))["qReturn"]!["qHandle"]!.GetValue<int>();
            Assert.Equal("EUR", (await client.ResultAsync("GetLayout", variable))["qLayout"]!["qText"]!.GetValue<string>());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AnUnsupportedStatementFailsTheReloadNamingItsLine()
    {
        var (engine, client, doc) = await SessionAppAsync();
        await using var _ = engine;
        await using var __ = client;
        await client.ResultAsync("SetScript", doc, new JsonArray("T: LOAD * INLINE [\nA\n1\n];\n\nSQL SELECT * FROM Orders;\n"));
        Assert.False((await client.ResultAsync("DoReload", doc))["qReturn"]!.GetValue<bool>());
        var reloadId = client.LastId;

        var progress = (await client.ResultAsync("GetProgress", -1, new JsonArray(reloadId)))["qProgressData"]!;
        Assert.True(progress["qFinished"]!.GetValue<bool>());
        var error = progress["qErrorData"]![0]!;
        Assert.Equal("Script error at line 6: Unknown statement: SQL", error["qErrorString"]!.GetValue<string>());
        Assert.Equal("SQL SELECT * FROM Orders", error["qLine"]!.GetValue<string>());
        Assert.Contains("line 6", progress["qPersistentProgress"]!.GetValue<string>());

        var syntax = (await client.ResultAsync("CheckScriptSyntax", doc))["qErrors"]![0]!;
        Assert.Equal(5, syntax["qLineInTab"]!.GetValue<int>()); // 0-based
    }

    [Fact]
    public async Task AMissingFileFailsTheReloadNamingItsLine()
    {
        var (engine, client, doc) = await SessionAppAsync(new QixSimulatorOptions { DataDirectory = Path.GetTempPath() });
        await using var _ = engine;
        await using var __ = client;
        await client.ResultAsync("SetScript", doc, new JsonArray("\n\nLOAD a FROM [no-such-file-qixgen.csv] (txt);"));
        Assert.False((await client.ResultAsync("DoReload", doc))["qReturn"]!.GetValue<bool>());
        var progress = (await client.ResultAsync("GetProgress", -1, new JsonArray(0)))["qProgressData"]!;
        Assert.StartsWith("Script error at line 3: Cannot open file", progress["qErrorData"]![0]!["qErrorString"]!.GetValue<string>());
    }

    [Fact]
    public async Task ProgressCanBeWatchedAndTheReloadCancelledByRequest()
    {
        var (engine, client, doc) = await SessionAppAsync(new QixSimulatorOptions { ReloadDelayPerRow = TimeSpan.FromMilliseconds(5) });
        await using var _ = engine;
        await using var __ = client;
        await client.ResultAsync("SetScript", doc, new JsonArray("T: LOAD RecNo() as ID AUTOGENERATE 2000;"));
        var reload = client.CallAsync("DoReload", doc);
        var reloadId = client.LastId;

        // Poll (bounded) until the paced reload reports rows fetched.
        JsonNode? progress = null;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            progress = (await client.ResultAsync("GetProgress", -1, new JsonArray(reloadId)))["qProgressData"];
            if (progress!["qTransientProgress"]!.GetValue<string>().StartsWith("Lines fetched", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(10);
        }

        Assert.True(progress!["qStarted"]!.GetValue<bool>());
        Assert.False(progress["qFinished"]!.GetValue<bool>());
        Assert.StartsWith("Lines fetched", progress["qTransientProgress"]!.GetValue<string>());

        await client.ResultAsync("CancelRequest", -1, new JsonArray(reloadId));
        var answer = await reload;
        Assert.Equal(15, answer["error"]!["code"]!.GetValue<int>()); // LOCERR_GENERIC_ABORTED
    }

    [Fact]
    public async Task CancelReloadMakesTheReloadReturnFalse()
    {
        var (engine, client, doc) = await SessionAppAsync(new QixSimulatorOptions { ReloadDelayPerRow = TimeSpan.FromMilliseconds(5) });
        await using var _ = engine;
        await using var __ = client;
        await client.ResultAsync("SetScript", doc, new JsonArray("T: LOAD RecNo() as ID AUTOGENERATE 2000;"));
        var reload = client.CallAsync("DoReload", doc);
        var reloadId = client.LastId;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var progress = (await client.ResultAsync("GetProgress", -1, new JsonArray(reloadId)))["qProgressData"]!;
            if (progress["qStarted"]!.GetValue<bool>())
            {
                break;
            }

            await Task.Delay(10);
        }

        await client.ResultAsync("CancelReload", -1);
        Assert.False((await reload)["result"]!["qReturn"]!.GetValue<bool>());
        var field = await client.CallAsync("GetField", doc, new JsonArray("ID"));
        Assert.Equal(2, field["error"]!["code"]!.GetValue<int>()); // nothing was loaded
    }

    [Fact]
    public void AppBuilderRunsScriptsAndReportsErrorsWithLines()
    {
        var app = new AppBuilder("x").Script("T:\nLOAD RecNo() as ID, Rand() as Value\nAUTOGENERATE 100;").Build();
        Assert.Equal(new[] { "ID", "Value" }, app.FieldNames.ToArray());
        var error = Assert.Throws<InvalidOperationException>(() => new AppBuilder("y").Script("LOAD 1 as A AUTOGENERATE 1;\nSTORE T INTO x.qvd;").Build());
        Assert.Contains("line 2", error.Message);
    }
}
