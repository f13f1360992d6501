using System.Collections.Generic;
using QixGen.Testing.Data;

namespace QixGen.Testing.Expressions;

/// <summary>Sum, Count, Avg, Min, Max and Only over non-null values, optionally DISTINCT.</summary>
internal static class Aggregations
{
    public static CellValue? Apply(string function, bool distinct, List<CellValue> values)
    {
        if (distinct)
        {
            var seen = new HashSet<CellValue>();
            values = values.FindAll(seen.Add);
        }

        switch (function)
        {
            case "COUNT":
                return CellValue.FromNumber(values.Count);
            case "ONLY":
            {
                CellValue? only = null;
                foreach (var value in values)
                {
                    if (only is { } existing && !existing.Equals(value))
                    {
                        return null;
                    }

                    only = value;
                }

                return only;
            }
        }

        var sum = 0.0;
        var count = 0;
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var value in values)
        {
            if (!value.IsNumeric)
            {
                continue;
            }

            sum += value.Number;
            count++;
            min = System.Math.Min(min, value.Number);
            max = System.Math.Max(max, value.Number);
        }

        return function switch
        {
            "SUM" => CellValue.FromNumber(sum),
            "AVG" => count == 0 ? null : CellValue.FromNumber(sum / count),
            "MIN" => count == 0 ? null : CellValue.FromNumber(min),
            "MAX" => count == 0 ? null : CellValue.FromNumber(max),
            _ => throw new ExpressionException($"Unknown aggregation {function}()."),
        };
    }
}
