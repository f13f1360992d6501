using System;
using System.Text.Json.Nodes;

namespace QixGen.Testing.Objects;

/// <summary>
/// Writes a run of items (pivot rows or columns, stacked rows) as the engine's node trees: one level per dimension,
/// consecutive items with the same value at a level (and above) under one node. Each node carries its tails: how many
/// of its items lie before (<c>qUp</c>) and after (<c>qDown</c>) the page, as in NxPivotDimensionCell.
/// </summary>
internal sealed class NodeTreeWriter
{
    private readonly int _count;
    private readonly int _levels;
    private readonly Func<int, int, int> _keyOf;
    private readonly Func<int, int, JsonObject> _cellOf;
    private readonly Action<JsonObject, int, int, int>? _decorate;

    /// <param name="count">All items (the page is a part of them).</param>
    /// <param name="levels">Tree depth.</param>
    /// <param name="keyOf">Identity of item i at a level (an element number, a measure index).</param>
    /// <param name="cellOf">The cell of item i at a level, without tails and sub nodes.</param>
    /// <param name="decorate">Adds node properties from the node's items on the page (start, end, level).</param>
    public NodeTreeWriter(int count, int levels, Func<int, int, int> keyOf, Func<int, int, JsonObject> cellOf, Action<JsonObject, int, int, int>? decorate = null)
    {
        _count = count;
        _levels = levels;
        _keyOf = keyOf;
        _cellOf = cellOf;
        _decorate = decorate;
    }

    /// <summary>The top-level nodes of items [from, to).</summary>
    public JsonArray Write(int from, int to) => _levels == 0 || from >= to ? new JsonArray() : Level(from, to, 0, from, to);

    private JsonArray Level(int start, int end, int level, int from, int to)
    {
        var nodes = new JsonArray();
        var i = start;
        while (i < end)
        {
            var j = i + 1;
            while (j < end && _keyOf(j, level) == _keyOf(i, level))
            {
                j++;
            }

            var cell = _cellOf(i, level);
            var up = 0;
            for (var k = from - 1; i == from && k >= 0 && SamePrefix(k, i, level); k--)
            {
                up++;
            }

            var down = 0;
            for (var k = to; j == to && k < _count && SamePrefix(k, i, level); k++)
            {
                down++;
            }

            cell["qUp"] = up;
            cell["qDown"] = down;
            _decorate?.Invoke(cell, i, j, level);
            cell["qSubNodes"] = level + 1 < _levels ? Level(i, j, level + 1, from, to) : new JsonArray();
            nodes.Add((JsonNode)cell);
            i = j;
        }

        return nodes;
    }

    private bool SamePrefix(int a, int b, int level)
    {
        for (var l = 0; l <= level; l++)
        {
            if (_keyOf(a, l) != _keyOf(b, l))
            {
                return false;
            }
        }

        return true;
    }
}
