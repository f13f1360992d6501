using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QixGen.Testing.Session;

namespace QixGen.Testing.Objects;

/// <summary>
/// The list definitions the Qlik Sense client puts in session objects, computed as the engine lays them out:
/// qAppObjectListDef → qAppObjectList, qFieldListDef → qFieldList (<see cref="FieldListWriter"/>), qDimensionListDef → qDimensionList,
/// qMeasureListDef → qMeasureList, qVariableListDef → qVariableList, qBookmarkListDef → qBookmarkList.
/// Items carry qInfo, qMeta (from the object's qMetaDef) and qData (each requested path resolved in the object's properties).
/// </summary>
internal static class AppListWriter
{
    private static readonly Dictionary<string, (string Layout, EntityKind Kind)> s_lists = new Dictionary<string, (string, EntityKind)>(StringComparer.Ordinal)
    {
        ["qAppObjectListDef"] = ("qAppObjectList", EntityKind.GenericObject),
        ["qDimensionListDef"] = ("qDimensionList", EntityKind.Dimension),
        ["qMeasureListDef"] = ("qMeasureList", EntityKind.Measure),
        ["qVariableListDef"] = ("qVariableList", EntityKind.Variable),
        ["qBookmarkListDef"] = ("qBookmarkList", EntityKind.Bookmark),
    };

    /// <summary>The layout key a list definition key becomes, or null when <paramref name="key"/> is no list definition.</summary>
    public static string? LayoutKey(string key) => key == "qFieldListDef" ? "qFieldList" : s_lists.TryGetValue(key, out var list) ? list.Layout : null;

    public static JsonObject Layout(DocInstance doc, string key, JsonObject def) =>
        key == "qFieldListDef" ? FieldListWriter.Layout(doc, def) : EntityList(doc, s_lists[key].Kind, def);

    /// <summary>Whether <paramref name="properties"/> hold a list definition (such objects change when app objects come and go).</summary>
    public static bool HasList(JsonObject properties) => properties.Any(p => LayoutKey(p.Key) is not null);

    /// <summary>Reports every validated object that lists app objects as changed (an object was created or destroyed).</summary>
    public static void ListsChanged(CallContext ctx)
    {
        foreach (var handle in ctx.Session.Handles.HandlesOfKind(EntityKind.GenericObject).ToList())
        {
            if (ctx.Session.Validated.Contains(handle) && ctx.Session.Handles.Find(handle)?.Entity is { } entity && HasList(entity.Properties))
            {
                ctx.Changed.Add(handle);
            }
        }
    }

    private static JsonObject EntityList(DocInstance doc, EntityKind kind, JsonObject def)
    {
        var type = def["qType"]?.ToString();
        var dataPaths = def["qData"] as JsonObject ?? new JsonObject();
        var items = new JsonArray();
        foreach (var entity in doc.Entities.Values.Where(e => e.Kind == kind && !e.IsSession).OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            if (kind == EntityKind.GenericObject && !string.IsNullOrEmpty(type) && entity.Type != type)
            {
                continue;
            }

            if (kind == EntityKind.Variable && !VariableShown(entity, def))
            {
                continue;
            }

            var item = new JsonObject { ["qInfo"] = entity.Info() };
            if (kind == EntityKind.Variable)
            {
                item["qName"] = entity.Properties["qName"]?.DeepClone();
                item["qDefinition"] = entity.Properties["qDefinition"]?.DeepClone();
                item["qDescription"] = entity.Properties["qComment"]?.DeepClone();
                item["qIsScriptCreated"] = entity.Properties["qIsScriptCreated"]?.DeepClone() ?? false;
            }

            item["qMeta"] = entity.Properties["qMetaDef"]?.DeepClone() ?? new JsonObject();
            item["qData"] = Data(entity.Properties, dataPaths);
            items.Add((JsonNode)item);
        }

        return new JsonObject { ["qItems"] = items };
    }

    private static bool VariableShown(StoredEntity variable, JsonObject def)
    {
        var reserved = variable.Properties["qIsReserved"] is JsonValue r && r.TryGetValue<bool>(out var isReserved) && isReserved;
        var config = variable.Properties["qIsConfig"] is JsonValue c && c.TryGetValue<bool>(out var isConfig) && isConfig;
        return (!reserved || Flag(def, "qShowReserved")) && (!config || Flag(def, "qShowConfig"));
    }

    private static JsonObject Data(JsonObject properties, JsonObject dataPaths)
    {
        var data = new JsonObject();
        foreach (var (name, path) in dataPaths)
        {
            var value = path is JsonValue text && text.TryGetValue<string>(out var pointer) ? Resolve(properties, pointer) : null;
            if (value is not null)
            {
                data[name] = value.DeepClone();
            }
        }

        return data;
    }

    private static JsonNode? Resolve(JsonNode? node, string pointer)
    {
        foreach (var token in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = token.Replace("~1", "/").Replace("~0", "~");
            node = node switch
            {
                JsonObject o => o[name],
                JsonArray a when int.TryParse(name, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static bool Flag(JsonObject def, string name) => def[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
