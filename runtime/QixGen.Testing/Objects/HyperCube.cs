using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QixGen.Testing.Associative;
using QixGen.Testing.Data;
using QixGen.Testing.Expressions;

namespace QixGen.Testing.Objects;

/// <summary>A computed straight hypercube: its dimensions, measures, sorted rows and grand totals.</summary>
internal sealed class HyperCube
{
    private HyperCube(DocInstance doc, JsonObject def)
    {
        Doc = doc;
        Def = def;
    }

    public DocInstance Doc { get; }

    public JsonObject Def { get; }

    public List<CubeDimension> Dimensions { get; } = new List<CubeDimension>();

    public List<CubeMeasure> Measures { get; } = new List<CubeMeasure>();

    public List<CubeRow> Rows { get; } = new List<CubeRow>();

    public CellValue?[] Totals { get; private set; } = Array.Empty<CellValue?>();

    public int[] SortOrder { get; private set; } = Array.Empty<int>();

    public int Width => Dimensions.Count + Measures.Count;

    public static HyperCube Compute(DocInstance doc, JsonObject def)
    {
        var cube = new HyperCube(doc, def);
        cube.ReadDefinition();
        cube.Calculate();
        return cube;
    }

    private void ReadDefinition()
    {
        foreach (var dimension in Def["qDimensions"] as JsonArray ?? new JsonArray())
        {
            var inline = dimension?["qDef"];
            var fieldDefs = inline?["qFieldDefs"] as JsonArray;
            var label = inline?["qFieldLabels"]?[0]?.ToString();
            if (dimension?["qLibraryId"]?.ToString() is { Length: > 0 } libraryId)
            {
                var library = Doc.Entity(libraryId, EntityKind.Dimension).Properties["qDim"];
                fieldDefs = library?["qFieldDefs"] as JsonArray;
                label ??= library?["qFieldLabels"]?[0]?.ToString();
            }

            var fieldName = fieldDefs?[0]?.ToString() ?? throw new ExpressionException("A dimension needs qFieldDefs.");
            if (fieldName.StartsWith("=", StringComparison.Ordinal))
            {
                throw new ExpressionException($"Calculated dimension '{fieldName}' is not supported by the QixGen simulator.");
            }

            var field = Doc.Data.Field(fieldName.Trim('[', ']')) ?? throw new ExpressionException($"Field not found: {fieldName}");
            var sort = SortSpec.From(inline?["qSortCriterias"]?[0], inline?["qReverseSort"]?.GetValue<bool>() ?? false);
            var suppressNull = dimension?["qNullSuppression"] is JsonValue n && n.TryGetValue<bool>(out var b) && b;
            Dimensions.Add(new CubeDimension(field, string.IsNullOrEmpty(label) ? field.Name : label!, sort, suppressNull));
        }

        foreach (var measure in Def["qMeasures"] as JsonArray ?? new JsonArray())
        {
            var inline = measure?["qDef"];
            var expression = inline?["qDef"]?.ToString();
            var label = inline?["qLabel"]?.ToString();
            if (measure?["qLibraryId"]?.ToString() is { Length: > 0 } libraryId)
            {
                var library = Doc.Entity(libraryId, EntityKind.Measure).Properties["qMeasure"];
                expression = library?["qDef"]?.ToString();
                label = string.IsNullOrEmpty(label) ? library?["qLabel"]?.ToString() : label;
            }

            if (string.IsNullOrWhiteSpace(expression))
            {
                throw new ExpressionException("A measure needs qDef.qDef.");
            }

            var sort = SortSpec.From(measure?["qSortBy"], inline?["qReverseSort"]?.GetValue<bool>() ?? false);
            Measures.Add(new CubeMeasure(ExpressionParser.Parse(expression!), string.IsNullOrEmpty(label) ? expression! : label!, sort));
        }
    }

    private void Calculate()
    {
        var states = Doc.Result;
        var needed = new List<TableData>();
        foreach (var dimension in Dimensions)
        {
            AddDistinct(needed, dimension.Field.Tables[0]);
        }

        foreach (var measure in Measures)
        {
            foreach (var fieldName in FieldsOf(measure.Expression))
            {
                if (Doc.Data.Field(fieldName) is { } field)
                {
                    AddDistinct(needed, field.Tables[0]);
                }
            }
        }

        var join = Dimensions.Count == 0 ? null : TableJoin.Build(Doc.Data, states, needed);
        if (join is null)
        {
            Rows.Add(new CubeRow(Array.Empty<int>(), EvaluateMeasures(t => states.RowsOf(t))));
        }
        else
        {
            var groups = new Dictionary<string, (int[] Elements, List<HashSet<int>> Rows)>();
            var positions = Dimensions.Select(d => (Position: join.PositionOf(d.Field.Tables[0]), Column: d.Field.Tables[0].ColumnOf(d.Field))).ToArray();
            foreach (var tuple in join.Tuples)
            {
                var elements = new int[Dimensions.Count];
                for (var d = 0; d < elements.Length; d++)
                {
                    var row = tuple[positions[d].Position];
                    elements[d] = row < 0 ? -1 : join.Tables[positions[d].Position].Rows[row][positions[d].Column];
                }

                var key = string.Join(",", elements);
                if (!groups.TryGetValue(key, out var group))
                {
                    group = (elements, join.Tables.Select(_ => new HashSet<int>()).ToList());
                    groups[key] = group;
                }

                for (var t = 0; t < tuple.Length; t++)
                {
                    if (tuple[t] >= 0)
                    {
                        group.Rows[t].Add(tuple[t]);
                    }
                }
            }

            foreach (var group in groups.Values)
            {
                if (Dimensions.Where((d, i) => d.SuppressNull && group.Elements[i] < 0).Any())
                {
                    continue;
                }

                var rowsByTable = group.Rows;
                var values = EvaluateMeasures(t =>
                {
                    var position = join.PositionOf(t);
                    return position < 0 ? states.RowsOf(t) : rowsByTable[position].OrderBy(r => r).ToList();
                });
                Rows.Add(new CubeRow(group.Elements, values));
            }
        }

        if (Def["qSuppressZero"] is JsonValue z && z.TryGetValue<bool>(out var suppressZero) && suppressZero && Measures.Count > 0)
        {
            Rows.RemoveAll(r => r.Measures.All(m => m is not { IsNumeric: true } v || v.Number == 0));
        }

        Totals = EvaluateMeasures(t => states.RowsOf(t));
        SortOrder = ReadSortOrder();
        var indexed = Rows.Select((row, i) => (row, i)).ToList();
        indexed.Sort((a, b) =>
        {
            var result = CompareRows(a.row, b.row, states);
            return result != 0 ? result : a.i.CompareTo(b.i);
        });
        Rows.Clear();
        Rows.AddRange(indexed.Select(p => p.row));
    }

    private CellValue?[] EvaluateMeasures(Func<TableData, IReadOnlyList<int>> rowsOf)
    {
        var scope = new AggregationScope(Doc.Data, rowsOf);
        return Measures.Select(m => ExpressionEvaluator.Evaluate(m.Expression, scope)).ToArray();
    }

    private int[] ReadSortOrder()
    {
        var order = new List<int>();
        foreach (var item in Def["qInterColumnSortOrder"] as JsonArray ?? new JsonArray())
        {
            if (item is JsonValue v && v.TryGetValue<int>(out var column) && column >= 0 && column < Width && !order.Contains(column))
            {
                order.Add(column);
            }
        }

        for (var column = 0; column < Width; column++)
        {
            if (!order.Contains(column))
            {
                order.Add(column);
            }
        }

        return order.ToArray();
    }

    private int CompareRows(CubeRow a, CubeRow b, AssociativeResult states)
    {
        foreach (var column in SortOrder)
        {
            var result = column < Dimensions.Count
                ? Dimensions[column].Sort.CompareElements(Dimensions[column].Field, states, a.Elements[column], b.Elements[column])
                : Measures[column - Dimensions.Count].Sort.CompareValues(a.Measures[column - Dimensions.Count], b.Measures[column - Dimensions.Count]);
            if (result != 0)
            {
                return result;
            }
        }

        return 0;
    }

    private static void AddDistinct(List<TableData> list, TableData table)
    {
        if (!list.Contains(table))
        {
            list.Add(table);
        }
    }

    private static IEnumerable<string> FieldsOf(Expr expr) => expr switch
    {
        FieldRef f => new[] { f.Name },
        Binary b => FieldsOf(b.Left).Concat(FieldsOf(b.Right)),
        Negate n => FieldsOf(n.Operand),
        Call c => c.Args.SelectMany(FieldsOf),
        _ => Enumerable.Empty<string>(),
    };
}

/// <summary>A hypercube dimension: a field, its title and sort.</summary>
internal sealed class CubeDimension
{
    public CubeDimension(FieldData field, string title, SortSpec sort, bool suppressNull)
    {
        Field = field;
        Title = title;
        Sort = sort;
        SuppressNull = suppressNull;
    }

    public FieldData Field { get; }

    public string Title { get; }

    public SortSpec Sort { get; }

    public bool SuppressNull { get; }
}

/// <summary>A hypercube measure: its expression, title and sort.</summary>
internal sealed class CubeMeasure
{
    public CubeMeasure(Expr expression, string title, SortSpec sort)
    {
        Expression = expression;
        Title = title;
        Sort = sort;
    }

    public Expr Expression { get; }

    public string Title { get; }

    public SortSpec Sort { get; }
}

/// <summary>One hypercube row: dimension element numbers and measure values.</summary>
internal sealed class CubeRow
{
    public CubeRow(int[] elements, CellValue?[] measures)
    {
        Elements = elements;
        Measures = measures;
    }

    public int[] Elements { get; }

    public CellValue?[] Measures { get; }
}
