using System.Text.Json.Nodes;
using QixGen.Testing.Associative;
using QixGen.Testing.Data;
using QixGen.Testing.Protocol;

namespace QixGen.Testing.Objects;

/// <summary>NxCell JSON for dimension values, measure values and totals.</summary>
internal static class CellWriter
{
    public static JsonObject Dimension(FieldData field, int element, FieldValueState state)
    {
        if (element < 0)
        {
            return new JsonObject { ["qText"] = "-", ["qNum"] = JsonNum.Of(double.NaN), ["qElemNumber"] = -2, ["qState"] = "O", ["qIsNull"] = true };
        }

        var value = field.Values[element];
        return new JsonObject { ["qText"] = value.Text, ["qNum"] = JsonNum.Of(value.Number), ["qElemNumber"] = element, ["qState"] = state.Code() };
    }

    public static JsonObject Measure(CellValue? value)
    {
        if (value is not { } v)
        {
            return new JsonObject { ["qText"] = "-", ["qNum"] = JsonNum.Of(double.NaN), ["qElemNumber"] = 0, ["qState"] = "L", ["qIsNull"] = true };
        }

        return new JsonObject { ["qText"] = v.Text, ["qNum"] = JsonNum.Of(v.Number), ["qElemNumber"] = 0, ["qState"] = "L" };
    }

    public static JsonObject Total(CellValue? value)
    {
        var cell = Measure(value);
        cell["qElemNumber"] = -1;
        cell["qState"] = "X";
        cell["qIsTotalCell"] = true;
        return cell;
    }
}
