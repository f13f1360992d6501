using System;
using System.Linq;
using System.Text.Json.Nodes;
using QixGen.Testing.Data;
using QixGen.Testing.Expressions;
using QixGen.Testing.Protocol;

namespace QixGen.Testing.Objects;

/// <summary>Writes a <see cref="HyperCube"/> as the engine's qHyperCube layout and data pages.</summary>
internal static class HyperCubeWriter
{
    public static JsonObject Layout(DocInstance doc, JsonObject def)
    {
        HyperCube cube;
        try
        {
            cube = HyperCube.Compute(doc, def);
        }
        catch (ExpressionException e)
        {
            return ErrorLayout(e.Message);
        }

        var states = doc.Result;
        var dimensionInfo = new JsonArray();
        for (var d = 0; d < cube.Dimensions.Count; d++)
        {
            var dimension = cube.Dimensions[d];
            var numbers = cube.Rows.Select(r => r.Elements[d]).Where(e => e >= 0).Select(e => dimension.Field.Values[e]).Where(v => v.IsNumeric).Select(v => v.Number).ToList();
            dimensionInfo.Add((JsonNode)FieldInfoWriter.DimensionInfo(
                dimension.Field, states, dimension.Title, dimension.Sort,
                numbers.Count > 0 ? numbers.Min() : double.NaN, numbers.Count > 0 ? numbers.Max() : double.NaN));
        }

        var measureInfo = new JsonArray();
        for (var m = 0; m < cube.Measures.Count; m++)
        {
            var values = cube.Rows.Select(r => r.Measures[m]).ToList();
            var numbers = values.Where(v => v is { IsNumeric: true }).Select(v => v!.Value.Number).ToList();
            measureInfo.Add((JsonNode)new JsonObject
            {
                ["qFallbackTitle"] = cube.Measures[m].Title,
                ["qApprMaxGlyphCount"] = values.Count == 0 ? 0 : values.Max(v => v?.Text.Length ?? 1),
                ["qCardinal"] = 0,
                ["qSortIndicator"] = cube.Measures[m].Sort.Indicator,
                ["qNumFormat"] = new JsonObject { ["qType"] = "U", ["qnDec"] = 10, ["qUseThou"] = 0 },
                ["qMin"] = JsonNum.Of(numbers.Count > 0 ? numbers.Min() : double.NaN),
                ["qMax"] = JsonNum.Of(numbers.Count > 0 ? numbers.Max() : double.NaN),
                ["qIsAutoFormat"] = true,
                ["qAttrExprInfo"] = new JsonArray(),
                ["qAttrDimInfo"] = new JsonArray(),
            });
        }

        var pages = new JsonArray();
        foreach (var page in def["qInitialDataFetch"] as JsonArray ?? new JsonArray())
        {
            pages.Add((JsonNode)Page(cube, page as JsonObject ?? new JsonObject()));
        }

        var layout = new JsonObject
        {
            ["qSize"] = new JsonObject { ["qcx"] = cube.Width, ["qcy"] = cube.Rows.Count },
            ["qDimensionInfo"] = dimensionInfo,
            ["qMeasureInfo"] = measureInfo,
            ["qEffectiveInterColumnSortOrder"] = new JsonArray(cube.SortOrder.Select(c => (JsonNode)c).ToArray()),
            ["qGrandTotalRow"] = new JsonArray(cube.Totals.Select(t => (JsonNode)CellWriter.Total(t)).ToArray()),
            ["qDataPages"] = pages,
            ["qPivotDataPages"] = new JsonArray(),
            ["qStackedDataPages"] = new JsonArray(),
            ["qMode"] = HyperCubeModes.Straight,
            ["qNoOfLeftDims"] = -1,
            ["qTreeNodesOnDim"] = new JsonArray(),
            ["qColumnOrder"] = new JsonArray(),
        };
        HyperCubeModes.ApplyToLayout(cube, layout); // pivot and stacked cubes: their size and pages
        return layout;
    }

    /// <summary>The pages of GetHyperCubeData.</summary>
    public static JsonArray Pages(DocInstance doc, JsonObject def, JsonArray pages)
    {
        var cube = HyperCubeCache.Compute(doc, def);
        PageLimit.Check(pages, cube.Width, cube.Rows.Count);
        var result = new JsonArray();
        foreach (var page in pages)
        {
            result.Add((JsonNode)Page(cube, page as JsonObject ?? new JsonObject()));
        }

        return result;
    }

    public static HyperCube Compute(DocInstance doc, JsonObject def)
    {
        try
        {
            return HyperCube.Compute(doc, def);
        }
        catch (ExpressionException e)
        {
            throw new QixRpcException(LocErrors.GenericInvalidParameters, e.Message);
        }
    }

    private static JsonObject Page(HyperCube cube, JsonObject page)
    {
        var states = cube.Doc.Result;
        var (left, top, width, height) = Area(page, cube.Width, cube.Rows.Count);
        var matrix = new JsonArray();
        for (var r = top; r < top + height; r++)
        {
            var row = cube.Rows[r];
            var cells = new JsonArray();
            for (var c = left; c < left + width; c++)
            {
                if (c < cube.Dimensions.Count)
                {
                    var field = cube.Dimensions[c].Field;
                    var element = row.Elements[c];
                    cells.Add((JsonNode)CellWriter.Dimension(field, element, element < 0 ? default : states.State(field, element)));
                }
                else
                {
                    cells.Add((JsonNode)CellWriter.Measure(row.Measures[c - cube.Dimensions.Count]));
                }
            }

            matrix.Add((JsonNode)cells);
        }

        var tails = new JsonArray();
        for (var d = 0; d < cube.Dimensions.Count; d++)
        {
            tails.Add((JsonNode)new JsonObject { ["qUp"] = 0, ["qDown"] = 0 });
        }

        return new JsonObject
        {
            ["qMatrix"] = matrix,
            ["qTails"] = tails,
            ["qArea"] = new JsonObject { ["qLeft"] = left, ["qTop"] = top, ["qWidth"] = width, ["qHeight"] = height },
        };
    }

    /// <summary>A requested page clipped to the data (the engine answers the area it actually filled).</summary>
    public static (int Left, int Top, int Width, int Height) Area(JsonObject page, int columns, int rows)
    {
        var left = Math.Max(0, Int(page, "qLeft"));
        var top = Math.Max(0, Int(page, "qTop"));
        var width = Math.Max(0, Math.Min(Int(page, "qWidth"), columns - left));
        var height = Math.Max(0, Math.Min(Int(page, "qHeight"), rows - top));
        if (width == 0 || height == 0)
        {
            return (Math.Min(left, columns), Math.Min(top, rows), 0, 0);
        }

        return (left, top, width, height);
    }

    private static int Int(JsonObject page, string key) => page[key] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;

    private static JsonObject ErrorLayout(string message) => new JsonObject
    {
        ["qSize"] = new JsonObject { ["qcx"] = 0, ["qcy"] = 0 },
        ["qError"] = new JsonObject { ["qErrorCode"] = LocErrors.GenericInvalidParameters, ["qContext"] = message },
        ["qDimensionInfo"] = new JsonArray(),
        ["qMeasureInfo"] = new JsonArray(),
        ["qDataPages"] = new JsonArray(),
    };

    /// <summary>Cell text of a value (for tests and selection objects).</summary>
    public static string Text(CellValue? value) => value?.Text ?? "-";
}
