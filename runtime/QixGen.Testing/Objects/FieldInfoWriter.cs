using System.Text.Json.Nodes;
using QixGen.Testing.Associative;
using QixGen.Testing.Data;
using QixGen.Testing.Protocol;

namespace QixGen.Testing.Objects;

/// <summary>NxDimensionInfo for a field (hypercube dimensions and list objects), keys in the engine's order.</summary>
internal static class FieldInfoWriter
{
    public static JsonObject DimensionInfo(FieldData field, AssociativeResult states, string title, SortSpec sort, double min, double max)
    {
        var numeric = field.AllNumeric;
        var integers = field.AllIntegers;
        var glyphs = 0;
        foreach (var value in field.Values)
        {
            glyphs = System.Math.Max(glyphs, value.Text.Length);
        }

        return new JsonObject
        {
            ["qFallbackTitle"] = title,
            ["qApprMaxGlyphCount"] = glyphs,
            ["qCardinal"] = field.Cardinal,
            ["qSortIndicator"] = sort.Indicator,
            ["qGroupFallbackTitles"] = new JsonArray(title),
            ["qGroupPos"] = 0,
            ["qStateCounts"] = StateCounts(field, states),
            ["qTags"] = numeric
                ? (integers ? new JsonArray("$numeric", "$integer") : new JsonArray("$numeric"))
                : new JsonArray("$ascii", "$text"),
            ["qDimensionType"] = numeric ? "N" : "D",
            ["qGrouping"] = "N",
            ["qNumFormat"] = numeric
                ? new JsonObject { ["qType"] = integers ? "I" : "R", ["qnDec"] = 0, ["qUseThou"] = integers ? 1 : 0, ["qFmt"] = integers ? "###0" : "##############", ["qDec"] = "." }
                : new JsonObject { ["qType"] = "U", ["qnDec"] = 0, ["qUseThou"] = 0 },
            ["qIsAutoFormat"] = true,
            ["qGroupFieldDefs"] = new JsonArray(field.Name),
            ["qMin"] = JsonNum.Of(min),
            ["qMax"] = JsonNum.Of(max),
            ["qContinuousAxes"] = numeric,
            ["qAttrExprInfo"] = new JsonArray(),
            ["qAttrDimInfo"] = new JsonArray(),
        };
    }

    public static JsonObject StateCounts(FieldData field, AssociativeResult states)
    {
        int locked = 0, selected = 0, option = 0, alternative = 0, excluded = 0, selectedExcluded = 0, lockedExcluded = 0;
        foreach (var state in states.States[field.Index])
        {
            switch (state)
            {
                case FieldValueState.Locked: locked++; break;
                case FieldValueState.Selected: selected++; break;
                case FieldValueState.Option: option++; break;
                case FieldValueState.Alternative: alternative++; break;
                case FieldValueState.Excluded: excluded++; break;
                case FieldValueState.ExcludedSelected: selectedExcluded++; break;
                case FieldValueState.ExcludedLocked: lockedExcluded++; break;
            }
        }

        return new JsonObject
        {
            ["qLocked"] = locked,
            ["qSelected"] = selected,
            ["qOption"] = option,
            ["qDeselected"] = 0,
            ["qAlternative"] = alternative,
            ["qExcluded"] = excluded,
            ["qSelectedExcluded"] = selectedExcluded,
            ["qLockedExcluded"] = lockedExcluded,
        };
    }
}
