using System.Text.Json.Nodes;
using QixGen.Testing.Data;
using QixGen.Testing.Protocol;

namespace QixGen.Testing.Objects;

/// <summary>
/// Writes NxPivotPage (GetHyperCubePivotData, qPivotDataPages): <c>qLeft</c> the left dimension tree of the page's
/// rows, <c>qTop</c> the top tree of its columns (top dimension values, then the measures as pseudo cells of type P),
/// <c>qData</c> one array of NxPivotValuePoint per row, <c>qArea</c> the area filled (clipped to qSize).
/// Shapes from the engine's schema (NxPivotPage, NxPivotDimensionCell, NxPivotValuePoint).
/// </summary>
internal static class PivotPageWriter
{
    public static JsonObject Page(PivotCube pivot, JsonObject page)
    {
        var (left, top, width, height) = HyperCubeWriter.Area(page, pivot.Columns, pivot.Rows);
        var cube = pivot.Cube;
        var leftTree = new NodeTreeWriter(
            pivot.Rows,
            pivot.LeftDimensions,
            (row, level) => pivot.Left[row][level],
            (row, level) => DimensionCell(cube.Dimensions[level], pivot.Left[row][level]));
        var topLevels = pivot.TopDimensions + (pivot.PseudoOnTop ? 1 : 0);
        var topTree = new NodeTreeWriter(
            pivot.Columns,
            topLevels,
            (column, level) => level < pivot.TopDimensions ? pivot.Top[column / pivot.MeasureColumns][level] : column % pivot.MeasureColumns,
            (column, level) => level < pivot.TopDimensions
                ? DimensionCell(cube.Dimensions[pivot.LeftDimensions + level], pivot.Top[column / pivot.MeasureColumns][level])
                : PseudoCell(cube.Measures[column % pivot.MeasureColumns].Title, column % pivot.MeasureColumns));
        var data = new JsonArray();
        for (var r = top; r < top + height; r++)
        {
            var values = new JsonArray();
            for (var c = left; c < left + width; c++)
            {
                values.Add((JsonNode)ValueCell(pivot, r, c));
            }

            data.Add((JsonNode)values);
        }

        return new JsonObject
        {
            ["qLeft"] = leftTree.Write(top, top + height),
            ["qTop"] = topTree.Write(left, left + width),
            ["qData"] = data,
            ["qArea"] = new JsonObject { ["qLeft"] = left, ["qTop"] = top, ["qWidth"] = width, ["qHeight"] = height },
        };
    }

    /// <summary>A dimension value as NxPivotDimensionCell (type N, or U for null), without tails and sub nodes.</summary>
    public static JsonObject DimensionCell(CubeDimension dimension, int element)
    {
        if (element < 0)
        {
            return new JsonObject { ["qText"] = "-", ["qElemNo"] = -2, ["qValue"] = JsonNum.Of(double.NaN), ["qType"] = "U" };
        }

        var value = dimension.Field.Values[element];
        return new JsonObject { ["qText"] = value.Text, ["qElemNo"] = element, ["qValue"] = JsonNum.Of(value.Number), ["qType"] = "N" };
    }

    private static JsonObject PseudoCell(string title, int measure) =>
        new JsonObject { ["qText"] = title, ["qElemNo"] = measure, ["qValue"] = JsonNum.Of(double.NaN), ["qType"] = "P" };

    private static JsonObject ValueCell(PivotCube pivot, int row, int column)
    {
        if (pivot.Cube.Measures.Count == 0 || pivot.RowAt(row, column) is not { } source)
        {
            return new JsonObject { ["qText"] = "-", ["qNum"] = JsonNum.Of(double.NaN), ["qType"] = "E" };
        }

        return Value(source.Measures[column % pivot.MeasureColumns]);
    }

    /// <summary>A measure value as NxPivotValuePoint (type V, or U for null).</summary>
    public static JsonObject Value(CellValue? value) => value is { } v
        ? new JsonObject { ["qText"] = v.Text, ["qNum"] = JsonNum.Of(v.Number), ["qType"] = "V" }
        : new JsonObject { ["qText"] = "-", ["qNum"] = JsonNum.Of(double.NaN), ["qType"] = "U" };
}
