using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QixGen.Testing.Data;

namespace QixGen.Testing.Objects;

/// <summary>
/// A session object's <c>qFieldListDef</c> laid out as <c>qFieldList</c> (items of NxFieldDescription), honouring the
/// flags the Sense client and the article's field list use:
/// <c>qShowSystem</c> adds the engine's system fields ($Field, $Table, $Rows, $Fields, $FieldNo, <c>qIsSystem</c>);
/// <c>qShowHidden</c> adds the fields the script hid with the <c>HidePrefix</c>/<c>HideSuffix</c> variables
/// (<c>qIsHidden</c>); <c>qShowSrcTables</c> adds each field's <c>qSrcTables</c>. The simulator's data has no semantic
/// fields (SEMANTIC LOAD) and no derived fields (DECLARE/DERIVE), so <c>qShowSemantic</c> and
/// <c>qShowDerivedFields</c> add nothing: every item has <c>qIsSemantic</c> false and no <c>qDerivedFieldData</c>.
/// </summary>
internal static class FieldListWriter
{
    /// <summary>The engine's system fields: the data model described as fields (one value per field, table, ...).</summary>
    private static readonly string[] s_systemFields = { "$Field", "$Table", "$Rows", "$Fields", "$FieldNo" };

    public static JsonObject Layout(DocInstance doc, JsonObject def)
    {
        var showSourceTables = Flag(def, "qShowSrcTables");
        var showHidden = Flag(def, "qShowHidden");
        var hidePrefix = ScriptVariable(doc, "HidePrefix");
        var hideSuffix = ScriptVariable(doc, "HideSuffix");
        var items = new JsonArray();
        foreach (var field in doc.Data.Fields)
        {
            var hidden = (hidePrefix.Length > 0 && field.Name.StartsWith(hidePrefix, StringComparison.Ordinal))
                || (hideSuffix.Length > 0 && field.Name.EndsWith(hideSuffix, StringComparison.Ordinal));
            if (hidden && !showHidden)
            {
                continue;
            }

            var item = Item(field.Name, field.Cardinal, Tags(field), isSystem: false, hidden);
            if (showSourceTables)
            {
                item["qSrcTables"] = new JsonArray(doc.Data.Tables.Where(t => t.Fields.Contains(field)).Select(t => (JsonNode)t.Name).ToArray());
            }

            items.Add((JsonNode)item);
        }

        if (Flag(def, "qShowSystem") && doc.Data.Tables.Count > 0)
        {
            foreach (var (name, cardinal, numeric) in SystemFields(doc.Data))
            {
                var item = Item(name, cardinal, numeric ? new JsonArray("$system", "$numeric", "$integer") : new JsonArray("$system", "$ascii", "$text"), isSystem: true, hidden: false);
                if (showSourceTables)
                {
                    item["qSrcTables"] = new JsonArray();
                }

                items.Add((JsonNode)item);
            }
        }

        return new JsonObject { ["qItems"] = items };
    }

    private static JsonObject Item(string name, int cardinal, JsonArray tags, bool isSystem, bool hidden) => new JsonObject
    {
        ["qName"] = name,
        ["qCardinal"] = cardinal,
        ["qTags"] = tags,
        ["qIsSystem"] = isSystem,
        ["qIsHidden"] = hidden,
        ["qIsSemantic"] = false,
        ["qAndMode"] = false,
    };

    /// <summary>Type tags as the engine gives them: <c>$key</c> for a field in more than one table, then the value type.</summary>
    private static JsonArray Tags(FieldData field)
    {
        var tags = new JsonArray();
        if (field.Tables.Count > 1)
        {
            tags.Add((JsonNode)"$key");
        }

        foreach (var tag in field.AllNumeric ? (field.AllIntegers ? new[] { "$numeric", "$integer" } : new[] { "$numeric" }) : new[] { "$ascii", "$text" })
        {
            tags.Add((JsonNode)tag);
        }

        return tags;
    }

    /// <summary>Each system field with its cardinal: distinct field names, table names, row counts, field counts, field positions.</summary>
    private static IEnumerable<(string Name, int Cardinal, bool Numeric)> SystemFields(DataModel data)
    {
        var cardinals = new[]
        {
            data.Fields.Count,
            data.Tables.Count,
            data.Tables.Select(t => t.Rows.Count).Distinct().Count(),
            data.Tables.Select(t => t.Fields.Count).Distinct().Count(),
            data.Tables.Max(t => t.Fields.Count),
        };
        for (var i = 0; i < s_systemFields.Length; i++)
        {
            yield return (s_systemFields[i], cardinals[i], i >= 2);
        }
    }

    private static string ScriptVariable(DocInstance doc, string name) =>
        doc.VariableByName(name)?.Properties["qDefinition"]?.ToString().Trim('\'') ?? string.Empty;

    private static bool Flag(JsonObject def, string name) => def[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
