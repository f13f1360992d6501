using System.Collections.Generic;
using QixGen.Testing.Data;

namespace QixGen.Testing.Associative;

/// <summary>
/// Computes Qlik's associative states. Each selected field's restriction spreads outward through the tables:
/// a table holding restricted fields keeps the rows whose values are all allowed, and its other fields keep
/// only the values of those rows; from them it spreads to the next tables, each table once. A field's
/// possible values are what every selection allows (the intersection); its alternative values are what the
/// selections in the other fields allow. Restrictions never flow back into a field they came from, so a
/// customer without orders stays selectable while a fact row with an unknown customer is excluded.
/// </summary>
internal static class AssociativeEngine
{
    public static AssociativeResult Compute(DataModel model, SelectionState selections)
    {
        var reaches = new List<(string Field, bool[]?[] Reach)>();
        foreach (var fieldName in selections.SelectedFields)
        {
            if (model.Field(fieldName) is { } field)
            {
                reaches.Add((fieldName, Spread(model, field, selections.Selected(fieldName))));
            }
        }

        var states = new FieldValueState[model.Fields.Count][];
        var possible = new bool[model.Fields.Count][];
        foreach (var field in model.Fields)
        {
            var allowed = Intersect(field, reaches, except: null);
            possible[field.Index] = allowed;
            var selected = selections.Selected(field.Name);
            var locked = selections.IsLocked(field.Name);
            var fieldStates = new FieldValueState[field.Cardinal];
            if (selected.Count == 0)
            {
                for (var v = 0; v < field.Cardinal; v++)
                {
                    fieldStates[v] = allowed[v] ? FieldValueState.Option : FieldValueState.Excluded;
                }
            }
            else
            {
                var alternative = Intersect(field, reaches, except: field.Name);
                var isSelected = new bool[field.Cardinal];
                foreach (var element in selected)
                {
                    if (element >= 0 && element < field.Cardinal)
                    {
                        isSelected[element] = true;
                    }
                }

                for (var v = 0; v < field.Cardinal; v++)
                {
                    fieldStates[v] = isSelected[v]
                        ? (allowed[v]
                            ? (locked ? FieldValueState.Locked : FieldValueState.Selected)
                            : (locked ? FieldValueState.ExcludedLocked : FieldValueState.ExcludedSelected))
                        : (alternative[v] ? FieldValueState.Alternative : FieldValueState.Excluded);
                }
            }

            states[field.Index] = fieldStates;
        }

        var possibleRows = new bool[model.Tables.Count][];
        foreach (var table in model.Tables)
        {
            var rows = new bool[table.Rows.Count];
            for (var r = 0; r < rows.Length; r++)
            {
                rows[r] = RowAllowed(table, table.Rows[r], c => possible[table.Fields[c].Index], c => selections.HasSelection(table.Fields[c].Name));
            }

            possibleRows[table.Index] = rows;
        }

        return new AssociativeResult(possibleRows, states);
    }

    /// <summary>What one field's selection allows in every field it reaches (null: not restricted).</summary>
    private static bool[]?[] Spread(DataModel model, FieldData source, IReadOnlyCollection<int> selected)
    {
        var reach = new bool[]?[model.Fields.Count];
        var start = new bool[source.Cardinal];
        foreach (var element in selected)
        {
            if (element >= 0 && element < start.Length)
            {
                start[element] = true;
            }
        }

        reach[source.Index] = start;
        var visitedTables = new HashSet<TableData>();
        var queue = new Queue<FieldData>();
        queue.Enqueue(source);
        while (queue.Count > 0)
        {
            var field = queue.Dequeue();
            foreach (var table in field.Tables)
            {
                if (!visitedTables.Add(table))
                {
                    continue;
                }

                var open = new List<int>();
                for (var c = 0; c < table.Fields.Count; c++)
                {
                    if (reach[table.Fields[c].Index] is null)
                    {
                        open.Add(c);
                        reach[table.Fields[c].Index] = new bool[table.Fields[c].Cardinal];
                    }
                }

                foreach (var row in table.Rows)
                {
                    if (!RowAllowed(table, row, c => open.Contains(c) ? null : reach[table.Fields[c].Index], c => !open.Contains(c)))
                    {
                        continue;
                    }

                    foreach (var c in open)
                    {
                        if (row[c] >= 0)
                        {
                            reach[table.Fields[c].Index]![row[c]] = true;
                        }
                    }
                }

                foreach (var c in open)
                {
                    queue.Enqueue(table.Fields[c]);
                }
            }
        }

        return reach;
    }

    private static bool RowAllowed(TableData table, int[] row, System.Func<int, bool[]?> allowed, System.Func<int, bool> nullExcluded)
    {
        for (var c = 0; c < row.Length; c++)
        {
            var values = allowed(c);
            if (values is null)
            {
                continue;
            }

            if (row[c] < 0 ? nullExcluded(c) : !values[row[c]])
            {
                return false;
            }
        }

        return true;
    }

    private static bool[] Intersect(FieldData field, List<(string Field, bool[]?[] Reach)> reaches, string? except)
    {
        var allowed = new bool[field.Cardinal];
        System.Array.Fill(allowed, true);
        foreach (var (source, reach) in reaches)
        {
            if (source == except || reach[field.Index] is not { } values)
            {
                continue;
            }

            for (var v = 0; v < allowed.Length; v++)
            {
                allowed[v] &= values[v];
            }
        }

        return allowed;
    }
}
