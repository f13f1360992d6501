using System.Collections.Generic;
using System.Linq;
using QixGen.Testing.Associative;
using QixGen.Testing.Data;
using QixGen.Testing.Expressions;

namespace QixGen.Testing.Objects;

/// <summary>
/// Joins the possible rows of the tables a hypercube needs (plus the tables that connect them) through their
/// shared fields. Each tuple holds one row index per joined table (-1: no matching row, a left join from the
/// first table, which shows as a null dimension value as in the engine).
/// </summary>
internal sealed class TableJoin
{
    private const int MaxTuples = 2_000_000;

    private TableJoin(List<TableData> tables, List<int[]> tuples)
    {
        Tables = tables;
        Tuples = tuples;
    }

    public List<TableData> Tables { get; }

    public List<int[]> Tuples { get; }

    public int PositionOf(TableData table) => Tables.IndexOf(table);

    public static TableJoin Build(DataModel model, AssociativeResult states, IReadOnlyList<TableData> needed)
    {
        if (needed.Count == 0)
        {
            return new TableJoin(new List<TableData>(), new List<int[]> { System.Array.Empty<int>() });
        }

        var order = ConnectingTables(model, needed);
        var tuples = new List<int[]>();
        foreach (var row in states.RowsOf(order[0]))
        {
            var tuple = new int[order.Count];
            System.Array.Fill(tuple, -1);
            tuple[0] = row;
            tuples.Add(tuple);
        }

        for (var k = 1; k < order.Count; k++)
        {
            var table = order[k];
            // Each shared field: its column here and where an earlier table holds it.
            var links = new List<(int Column, int EarlierPosition, int EarlierColumn)>();
            for (var c = 0; c < table.Fields.Count; c++)
            {
                for (var j = 0; j < k; j++)
                {
                    var earlierColumn = order[j].ColumnOf(table.Fields[c]);
                    if (earlierColumn >= 0)
                    {
                        links.Add((c, j, earlierColumn));
                        break;
                    }
                }
            }

            var index = new Dictionary<string, List<int>>();
            foreach (var row in states.RowsOf(table))
            {
                var key = string.Join(",", links.Select(l => table.Rows[row][l.Column]));
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = new List<int>();
                }

                list.Add(row);
            }

            var next = new List<int[]>();
            foreach (var tuple in tuples)
            {
                var parts = new List<int>();
                var complete = true;
                foreach (var link in links)
                {
                    var earlierRow = tuple[link.EarlierPosition];
                    if (earlierRow < 0)
                    {
                        complete = false;
                        break;
                    }

                    parts.Add(order[link.EarlierPosition].Rows[earlierRow][link.EarlierColumn]);
                }

                if (complete && index.TryGetValue(string.Join(",", parts), out var matches))
                {
                    foreach (var match in matches)
                    {
                        var extended = (int[])tuple.Clone();
                        extended[k] = match;
                        next.Add(extended);
                    }
                }
                else
                {
                    next.Add(tuple);
                }

                if (next.Count > MaxTuples)
                {
                    throw new ExpressionException("The hypercube is too large for the QixGen simulator.");
                }
            }

            tuples = next;
        }

        return new TableJoin(order, tuples);
    }

    /// <summary>The needed tables plus those on the shortest paths between them, each adjacent to an earlier one.</summary>
    private static List<TableData> ConnectingTables(DataModel model, IReadOnlyList<TableData> needed)
    {
        var root = needed[0];
        var parent = new Dictionary<TableData, TableData?> { [root] = null };
        var queue = new Queue<TableData>();
        var bfsOrder = new List<TableData>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            var table = queue.Dequeue();
            bfsOrder.Add(table);
            foreach (var field in table.Fields)
            {
                foreach (var neighbour in field.Tables)
                {
                    if (!parent.ContainsKey(neighbour))
                    {
                        parent[neighbour] = table;
                        queue.Enqueue(neighbour);
                    }
                }
            }
        }

        var included = new HashSet<TableData> { root };
        foreach (var table in needed)
        {
            if (!parent.ContainsKey(table))
            {
                throw new ExpressionException($"Table {table.Name} is not associated with {root.Name}.");
            }

            for (var t = table; t is not null && included.Add(t); t = parent[t])
            {
            }
        }

        return bfsOrder.Where(included.Contains).ToList();
    }
}
