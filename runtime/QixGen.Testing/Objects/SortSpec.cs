using System;
using System.Text.Json.Nodes;
using QixGen.Testing.Associative;
using QixGen.Testing.Data;

namespace QixGen.Testing.Objects;

/// <summary>
/// A column's sort criteria (SortCriteria: by state, numeric, ascii, load order; 1 ascending, -1 descending,
/// 0 off), applied in the engine's priority order; <c>qReverseSort</c> inverts.
/// </summary>
internal sealed class SortSpec
{
    private SortSpec(int byState, int byNumeric, int byAscii, int byLoadOrder, bool reverse)
    {
        ByState = byState;
        ByNumeric = byNumeric;
        ByAscii = byAscii;
        ByLoadOrder = byLoadOrder;
        Reverse = reverse;
    }

    public int ByState { get; }

    public int ByNumeric { get; }

    public int ByAscii { get; }

    public int ByLoadOrder { get; }

    public bool Reverse { get; }

    /// <summary>N (none), A (ascending) or D (descending), from the first active value criterion.</summary>
    public string Indicator
    {
        get
        {
            var sign = ByNumeric != 0 ? ByNumeric : ByAscii != 0 ? ByAscii : 0;
            if (Reverse)
            {
                sign = -sign;
            }

            return sign > 0 ? "A" : sign < 0 ? "D" : "N";
        }
    }

    public static SortSpec From(JsonNode? criteria, bool reverse) => new SortSpec(
        Int(criteria, "qSortByState"),
        Int(criteria, "qSortByNumeric"),
        Int(criteria, "qSortByAscii"),
        Int(criteria, "qSortByLoadOrder"),
        reverse);

    /// <summary>Compares two elements of a field (-1 is null, sorted last).</summary>
    public int CompareElements(FieldData field, AssociativeResult states, int a, int b)
    {
        if (a == b)
        {
            return 0;
        }

        if (a < 0 || b < 0)
        {
            return a < 0 ? 1 : -1;
        }

        var result = 0;
        if (ByState != 0)
        {
            result = ByState * states.State(field, a).Rank().CompareTo(states.State(field, b).Rank());
        }

        var va = field.Values[a];
        var vb = field.Values[b];
        if (result == 0 && ByNumeric != 0)
        {
            result = ByNumeric * CompareNumbers(va, vb);
        }

        if (result == 0 && ByAscii != 0)
        {
            result = ByAscii * string.Compare(va.Text, vb.Text, StringComparison.OrdinalIgnoreCase);
        }

        if (result == 0)
        {
            // Load order settles ties (and is the order when no criterion is set).
            result = (ByLoadOrder < 0 ? -1 : 1) * a.CompareTo(b);
        }

        return Reverse ? -result : result;
    }

    /// <summary>Compares measure values numerically (null last); 0 when the measure is not sorted.</summary>
    public int CompareValues(CellValue? a, CellValue? b)
    {
        var sign = ByNumeric != 0 ? ByNumeric : 0;
        if (sign == 0)
        {
            return 0;
        }

        var an = a is { IsNumeric: true } x ? x.Number : double.NaN;
        var bn = b is { IsNumeric: true } y ? y.Number : double.NaN;
        if (double.IsNaN(an) || double.IsNaN(bn))
        {
            return double.IsNaN(an) == double.IsNaN(bn) ? 0 : double.IsNaN(an) ? 1 : -1;
        }

        var result = sign * an.CompareTo(bn);
        return Reverse ? -result : result;
    }

    private static int CompareNumbers(CellValue a, CellValue b)
    {
        if (a.IsNumeric && b.IsNumeric)
        {
            return a.Number.CompareTo(b.Number);
        }

        return a.IsNumeric == b.IsNumeric ? 0 : a.IsNumeric ? -1 : 1;
    }

    private static int Int(JsonNode? node, string key) =>
        node?[key] is JsonValue v && v.TryGetValue<int>(out var n) ? Math.Sign(n) : 0;
}
