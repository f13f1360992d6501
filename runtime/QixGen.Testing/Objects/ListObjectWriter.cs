using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QixGen.Testing.Associative;
using QixGen.Testing.Data;
using QixGen.Testing.Protocol;

namespace QixGen.Testing.Objects;

/// <summary>A list object: every value of one field with its state, sorted by the def's criteria.</summary>
internal static class ListObjectWriter
{
    public static JsonObject Layout(DocInstance doc, JsonObject def)
    {
        var (field, sort, title) = Read(doc, def);
        var elements = Elements(doc, field, sort);
        var numbers = field.Values.Where(v => v.IsNumeric).Select(v => v.Number).ToList();
        var pages = new JsonArray();
        foreach (var page in def["qInitialDataFetch"] as JsonArray ?? new JsonArray())
        {
            pages.Add((JsonNode)Page(doc, def, field, elements, page as JsonObject ?? new JsonObject()));
        }

        return new JsonObject
        {
            ["qStateName"] = def["qStateName"]?.ToString() ?? "$",
            ["qSize"] = new JsonObject { ["qcx"] = 1, ["qcy"] = elements.Count },
            ["qDimensionInfo"] = FieldInfoWriter.DimensionInfo(field, doc.Result, title, sort,
                numbers.Count > 0 ? numbers.Min() : double.NaN, numbers.Count > 0 ? numbers.Max() : double.NaN),
            ["qExpressions"] = new JsonArray(),
            ["qDataPages"] = pages,
        };
    }

    public static JsonArray Pages(DocInstance doc, JsonObject def, JsonArray pages)
    {
        var (field, sort, _) = Read(doc, def);
        var elements = Elements(doc, field, sort);
        PageLimit.Check(pages, 1, elements.Count);
        var result = new JsonArray();
        foreach (var page in pages)
        {
            result.Add((JsonNode)Page(doc, def, field, elements, page as JsonObject ?? new JsonObject()));
        }

        return result;
    }

    /// <summary>The field a list object def shows.</summary>
    public static FieldData FieldOf(DocInstance doc, JsonObject def) => Read(doc, def).Field;

    private static (FieldData Field, SortSpec Sort, string Title) Read(DocInstance doc, JsonObject def)
    {
        var inline = def["qDef"];
        var fieldDefs = inline?["qFieldDefs"] as JsonArray;
        var label = inline?["qFieldLabels"]?[0]?.ToString();
        if (def["qLibraryId"]?.ToString() is { Length: > 0 } libraryId)
        {
            var library = doc.Entity(libraryId, EntityKind.Dimension).Properties["qDim"];
            fieldDefs = library?["qFieldDefs"] as JsonArray;
        }

        var name = fieldDefs?[0]?.ToString() ?? throw QixRpcException.InvalidParameters("qListObjectDef.qDef.qFieldDefs");
        var field = doc.Field(name.TrimStart('=').Trim('[', ']'));
        var sort = SortSpec.From(inline?["qSortCriterias"]?[0], inline?["qReverseSort"] is JsonValue r && r.TryGetValue<bool>(out var reverse) && reverse);
        return (field, sort, string.IsNullOrEmpty(label) ? field.Name : label!);
    }

    private static List<int> Elements(DocInstance doc, FieldData field, SortSpec sort)
    {
        var states = doc.Result;
        var elements = Enumerable.Range(0, field.Cardinal).ToList();
        elements.Sort((a, b) => sort.CompareElements(field, states, a, b));
        return elements;
    }

    private static JsonObject Page(DocInstance doc, JsonObject def, FieldData field, List<int> elements, JsonObject page)
    {
        var showAlternatives = def["qShowAlternatives"] is JsonValue s && s.TryGetValue<bool>(out var show) && show;
        var (left, top, width, height) = HyperCubeWriter.Area(page, 1, elements.Count);
        var matrix = new JsonArray();
        for (var r = top; r < top + height; r++)
        {
            var state = doc.Result.State(field, elements[r]);
            if (state == FieldValueState.Alternative && !showAlternatives)
            {
                state = FieldValueState.Excluded; // the engine shows alternatives as excluded unless asked
            }

            matrix.Add((JsonNode)new JsonArray(CellWriter.Dimension(field, elements[r], state)));
        }

        return new JsonObject
        {
            ["qMatrix"] = matrix,
            ["qTails"] = new JsonArray(),
            ["qArea"] = new JsonObject { ["qLeft"] = left, ["qTop"] = top, ["qWidth"] = width, ["qHeight"] = height },
        };
    }
}
