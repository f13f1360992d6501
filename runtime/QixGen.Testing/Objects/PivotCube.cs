using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using QixGen.Testing.Associative;

namespace QixGen.Testing.Objects;

/// <summary>
/// A straight <see cref="HyperCube"/> seen as a pivot table (qMode P): the first <see cref="LeftDimensions"/> dimensions
/// (qNoOfLeftDims; -1 means all) make the rows, the others make the columns, times the measures when there are several
/// (the pseudo dimension, always innermost on top here). Rows and columns are the distinct value combinations, sorted
/// dimension by dimension with each dimension's own sort; always fully expanded (the simulator ignores collapsed nodes).
/// </summary>
internal sealed class PivotCube
{
    private static readonly ConditionalWeakTable<HyperCube, PivotCube> s_built = new ConditionalWeakTable<HyperCube, PivotCube>();

    private readonly Dictionary<long, CubeRow> _cells = new Dictionary<long, CubeRow>();

    private PivotCube(HyperCube cube, int leftDimensions)
    {
        Cube = cube;
        LeftDimensions = leftDimensions;
    }

    public HyperCube Cube { get; }

    public int LeftDimensions { get; }

    public int TopDimensions => Cube.Dimensions.Count - LeftDimensions;

    /// <summary>Element numbers of the left dimensions, one array per row.</summary>
    public List<int[]> Left { get; } = new List<int[]>();

    /// <summary>Element numbers of the top dimensions, one array per top combination (one empty array without top dimensions).</summary>
    public List<int[]> Top { get; } = new List<int[]>();

    /// <summary>Data columns per top combination: the measures (at least one column).</summary>
    public int MeasureColumns => Math.Max(1, Cube.Measures.Count);

    /// <summary>Whether the top tree has a measure level: several measures, or no top dimension to show instead.</summary>
    public bool PseudoOnTop => Cube.Measures.Count > 1 || (TopDimensions == 0 && Cube.Measures.Count > 0);

    public int Columns => Top.Count * MeasureColumns;

    public int Rows => Left.Count;

    public static PivotCube Of(HyperCube cube) => s_built.GetValue(cube, Build);

    /// <summary>The straight row behind a data cell; null when the combination has no data.</summary>
    public CubeRow? RowAt(int row, int column) => _cells.TryGetValue(((long)row * Top.Count) + (column / MeasureColumns), out var found) ? found : null;

    private static PivotCube Build(HyperCube cube)
    {
        var requested = cube.Def["qNoOfLeftDims"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : -1;
        var dimensions = cube.Dimensions.Count;
        var pivot = new PivotCube(cube, requested < 0 || requested > dimensions ? dimensions : requested);
        var left = Distinct(cube, 0, pivot.LeftDimensions);
        var top = Distinct(cube, pivot.LeftDimensions, dimensions);
        pivot.Left.AddRange(left.Values);
        pivot.Top.AddRange(top.Values);
        foreach (var row in cube.Rows)
        {
            if (left.Index.TryGetValue(Key(row.Elements, 0, pivot.LeftDimensions), out var r) && top.Index.TryGetValue(Key(row.Elements, pivot.LeftDimensions, dimensions), out var t))
            {
                pivot._cells[((long)r * pivot.Top.Count) + t] = row;
            }
        }

        return pivot;
    }

    /// <summary>The distinct combinations of dimensions [from, to) in the cube's rows, sorted, with their indexes.</summary>
    private static (List<int[]> Values, Dictionary<string, int> Index) Distinct(HyperCube cube, int from, int to)
    {
        var byKey = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var row in cube.Rows)
        {
            var key = Key(row.Elements, from, to);
            if (!byKey.ContainsKey(key))
            {
                byKey[key] = row.Elements.Skip(from).Take(to - from).ToArray();
            }
        }

        if (cube.Rows.Count == 0 && from == to)
        {
            byKey[string.Empty] = Array.Empty<int>();
        }

        var states = cube.Doc.Result;
        var values = byKey.Values.ToList();
        values.Sort((a, b) => CompareByDimensions(cube, states, from, a, b));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            index[Key(values[i], 0, values[i].Length)] = i;
        }

        return (values, index);
    }

    /// <summary>
    /// Orders two value combinations dimension by dimension, each by its own sort criteria: element d of
    /// <paramref name="a"/> and <paramref name="b"/> is a value of dimension <paramref name="from"/> + d.
    /// </summary>
    public static int CompareByDimensions(HyperCube cube, AssociativeResult states, int from, int[] a, int[] b)
    {
        for (var d = 0; d < a.Length && from + d < cube.Dimensions.Count; d++)
        {
            var dimension = cube.Dimensions[from + d];
            var result = dimension.Sort.CompareElements(dimension.Field, states, a[d], b[d]);
            if (result != 0)
            {
                return result;
            }
        }

        return 0;
    }

    private static string Key(int[] elements, int from, int to) => string.Join(",", elements.Skip(from).Take(to - from));
}
