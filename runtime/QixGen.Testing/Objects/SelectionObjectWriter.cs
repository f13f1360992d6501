using System.Linq;
using System.Text.Json.Nodes;

namespace QixGen.Testing.Objects;

/// <summary>qSelectionObject (current selections) for a qSelectionObjectDef.</summary>
internal static class SelectionObjectWriter
{
    private const int Threshold = 6;

    public static JsonObject Layout(DocInstance doc)
    {
        var selections = new JsonArray();
        foreach (var fieldName in doc.Selections.SelectedFields)
        {
            var field = doc.Data.Field(fieldName);
            if (field is null)
            {
                continue;
            }

            var selected = doc.Selections.Selected(fieldName).OrderBy(e => e).Where(e => e < field.Cardinal).Select(e => field.Values[e].Text).ToList();
            selections.Add((JsonNode)new JsonObject
            {
                ["qField"] = fieldName,
                ["qSelectedCount"] = selected.Count,
                ["qSelected"] = selected.Count <= Threshold ? string.Join(", ", selected) : $"{selected.Count} of {field.Cardinal}",
                ["qRangeInfo"] = new JsonArray(),
                ["qSortIndex"] = 0,
                ["qStateCounts"] = FieldInfoWriter.StateCounts(field, doc.Result),
                ["qSelectedFieldSelectionInfo"] = new JsonArray(selected.Take(Threshold).Select(t => (JsonNode)new JsonObject { ["qName"] = t, ["qFieldSelectionMode"] = "NORMAL" }).ToArray()),
                ["qNotSelectedFieldSelectionInfo"] = new JsonArray(),
                ["qSelectionThreshold"] = Threshold,
                ["qReadableName"] = fieldName,
                ["qIsNum"] = field.AllNumeric,
                ["qLocked"] = doc.Selections.IsLocked(fieldName),
                ["qTotal"] = field.Cardinal,
            });
        }

        return new JsonObject
        {
            ["qBackCount"] = doc.BackCount,
            ["qForwardCount"] = doc.ForwardCount,
            ["qSelections"] = selections,
        };
    }
}
