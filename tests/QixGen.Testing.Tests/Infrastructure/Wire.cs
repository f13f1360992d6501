using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace QixGen.Testing.Tests.Infrastructure;

/// <summary>Helpers to create objects and read cells through the raw client.</summary>
internal static class Wire
{
    public static async Task<int> ListObjectAsync(RawClient client, int doc, string field, int height = 50, JsonObject? sortCriteria = null)
    {
        var def = new JsonObject
        {
            ["qDef"] = new JsonObject { ["qFieldDefs"] = new JsonArray(field) },
            ["qInitialDataFetch"] = new JsonArray(new JsonObject { ["qTop"] = 0, ["qLeft"] = 0, ["qWidth"] = 1, ["qHeight"] = height }),
        };
        if (sortCriteria is not null)
        {
            def["qDef"]!["qSortCriterias"] = new JsonArray(sortCriteria);
        }

        var result = await client.ResultAsync("CreateSessionObject", doc, new JsonArray(new JsonObject
        {
            ["qInfo"] = new JsonObject { ["qType"] = "listbox" },
            ["qListObjectDef"] = def,
        }));
        return result["qReturn"]!["qHandle"]!.GetValue<int>();
    }

    /// <summary>Value text to state code, from a list object's first page.</summary>
    public static async Task<Dictionary<string, string>> StatesAsync(RawClient client, int listObject)
    {
        var layout = (await client.ResultAsync("GetLayout", listObject))["qLayout"]!;
        return layout["qListObject"]!["qDataPages"]![0]!["qMatrix"]!.AsArray()
            .ToDictionary(row => row![0]!["qText"]!.GetValue<string>(), row => row![0]!["qState"]!.GetValue<string>());
    }

    /// <summary>A field's states through a fresh list object.</summary>
    public static async Task<Dictionary<string, string>> FieldStatesAsync(RawClient client, int doc, string field) =>
        await StatesAsync(client, await ListObjectAsync(client, doc, field));

    public static async Task<int> FieldAsync(RawClient client, int doc, string field) =>
        (await client.ResultAsync("GetField", doc, new JsonArray(field)))["qReturn"]!["qHandle"]!.GetValue<int>();

    public static List<List<string>> Texts(JsonNode page) =>
        page["qMatrix"]!.AsArray().Select(row => row!.AsArray().Select(cell => cell!["qText"]!.GetValue<string>()).ToList()).ToList();
}
