using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using QixGen.Testing.Protocol;

namespace QixGen.Testing.Objects;

/// <summary>
/// A straight <see cref="HyperCube"/> seen as a stacked table (qMode K) and its NxStackPage (GetHyperCubeStackData,
/// qStackedDataPages). Pages count values of the outer (first) dimension: qSize.qcy is their number and a page of
/// qTop/qHeight holds those outer values with everything under them. <c>qData</c> is one root cell (type R) whose
/// sub nodes are the outer values, each with the next dimension's values, ..., and the first measure's value (type V,
/// with its <c>qRow</c>) at the leaves; dimension cells carry <c>qMaxPos</c>/<c>qMinNeg</c>, the totals of the positive
/// and negative leaf values under them. A stacked cube has one measure (Qlik's HyperCubeDef documentation); further
/// measures are ignored here. Shapes from the engine's schema (NxStackPage, NxStackedPivotCell).
/// </summary>
internal sealed class StackPageWriter
{
    private static readonly ConditionalWeakTable<HyperCube, StackPageWriter> s_built = new ConditionalWeakTable<HyperCube, StackPageWriter>();

    private readonly HyperCube _cube;
    private readonly List<CubeRow> _rows;
    private readonly List<int> _outerStarts = new List<int>();

    private StackPageWriter(HyperCube cube)
    {
        _cube = cube;
        var states = cube.Doc.Result;
        _rows = cube.Dimensions.Count == 0 ? new List<CubeRow>() : cube.Rows.ToList();
        var indexed = _rows.Select((row, i) => (row, i)).ToList();
        indexed.Sort((a, b) =>
        {
            var result = PivotCube.CompareByDimensions(cube, states, 0, a.row.Elements, b.row.Elements);
            return result != 0 ? result : a.i.CompareTo(b.i);
        });
        _rows = indexed.Select(p => p.row).ToList();
        for (var i = 0; i < _rows.Count; i++)
        {
            if (i == 0 || _rows[i].Elements[0] != _rows[i - 1].Elements[0])
            {
                _outerStarts.Add(i);
            }
        }
    }

    /// <summary>The outer dimension's value count (qSize.qcy of a stacked cube).</summary>
    public int OuterCount => _outerStarts.Count;

    /// <summary>Columns of a flattened row: the dimensions and the measure (qSize.qcx of a stacked cube, in the simulator).</summary>
    public int Width => _cube.Dimensions.Count + 1;

    public static StackPageWriter Of(HyperCube cube) => s_built.GetValue(cube, c => new StackPageWriter(c));

    public JsonObject Page(JsonObject page)
    {
        var (_, top, _, height) = HyperCubeWriter.Area(page, 1, OuterCount);
        var from = height == 0 ? 0 : _outerStarts[top];
        var to = height == 0 ? 0 : top + height < OuterCount ? _outerStarts[top + height] : _rows.Count;
        var dimensions = _cube.Dimensions.Count;
        var tree = new NodeTreeWriter(
            _rows.Count,
            dimensions + 1,
            (row, level) => level < dimensions ? _rows[row].Elements[level] : row, // each leaf its own node
            (row, level) => level < dimensions ? PivotPageWriter.DimensionCell(_cube.Dimensions[level], _rows[row].Elements[level]) : Leaf(row),
            (cell, start, end, level) =>
            {
                cell["qRow"] = start;
                if (level < dimensions)
                {
                    AddTotals(cell, start, end);
                }
            });
        var root = new JsonObject { ["qText"] = string.Empty, ["qElemNo"] = -1, ["qValue"] = JsonNum.Of(double.NaN), ["qType"] = "R", ["qUp"] = 0, ["qDown"] = 0, ["qRow"] = from };
        AddTotals(root, from, to);
        root["qSubNodes"] = tree.Write(from, to);
        return new JsonObject
        {
            ["qData"] = height == 0 ? new JsonArray() : new JsonArray(root),
            ["qArea"] = new JsonObject { ["qLeft"] = 0, ["qTop"] = top, ["qWidth"] = height == 0 ? 0 : Width, ["qHeight"] = height },
        };
    }

    private JsonObject Leaf(int row)
    {
        var value = _cube.Measures.Count == 0 ? null : _rows[row].Measures[0];
        var cell = PivotPageWriter.Value(value);
        cell["qValue"] = cell["qNum"]?.DeepClone();
        cell.Remove("qNum"); // NxStackedPivotCell names its number qValue
        cell["qElemNo"] = -1;
        return cell;
    }

    private void AddTotals(JsonObject cell, int start, int end)
    {
        double positive = 0, negative = 0;
        for (var r = start; r < end && _cube.Measures.Count > 0; r++)
        {
            if (_rows[r].Measures[0] is { IsNumeric: true } v)
            {
                if (v.Number > 0)
                {
                    positive += v.Number;
                }
                else
                {
                    negative += v.Number;
                }
            }
        }

        cell["qMaxPos"] = positive;
        cell["qMinNeg"] = negative;
    }
}
