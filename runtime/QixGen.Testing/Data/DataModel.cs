using System;
using System.Collections.Generic;

namespace QixGen.Testing.Data;

/// <summary>
/// An app's data: tables whose fields of the same name are one field (Qlik's associative model: tables
/// associate through shared field names). Immutable once built; a reload builds a new one.
/// </summary>
internal sealed class DataModel
{
    private readonly Dictionary<string, FieldData> _fieldsByName = new Dictionary<string, FieldData>(StringComparer.Ordinal);

    private DataModel()
    {
    }

    public static DataModel Empty { get; } = new DataModel();

    public List<FieldData> Fields { get; } = new List<FieldData>();

    public List<TableData> Tables { get; } = new List<TableData>();

    public FieldData? Field(string name) => _fieldsByName.TryGetValue(name, out var field) ? field : null;

    /// <summary>Builds a model; tables with the same name or the same set of fields are concatenated, as the engine does.</summary>
    public static DataModel Build(IEnumerable<RawTable> rawTables)
    {
        var merged = new List<RawTable>();
        foreach (var raw in rawTables)
        {
            var into = merged.Find(existing => existing.Name == raw.Name || SameColumns(existing.Columns, raw.Columns));
            if (into is null)
            {
                var copy = new RawTable(raw.Name, raw.Columns);
                copy.Rows.AddRange(raw.Rows);
                merged.Add(copy);
                continue;
            }

            foreach (var row in raw.Rows)
            {
                var mapped = new CellValue?[into.Columns.Count];
                for (var c = 0; c < raw.Columns.Count; c++)
                {
                    var target = IndexOf(into.Columns, raw.Columns[c]);
                    if (target >= 0)
                    {
                        mapped[target] = row[c];
                    }
                }

                into.Rows.Add(mapped);
            }
        }

        var model = new DataModel();
        foreach (var raw in merged)
        {
            var fields = new List<FieldData>();
            foreach (var column in raw.Columns)
            {
                if (!model._fieldsByName.TryGetValue(column, out var field))
                {
                    field = new FieldData(column, model.Fields.Count);
                    model.Fields.Add(field);
                    model._fieldsByName.Add(column, field);
                }

                fields.Add(field);
            }

            var table = new TableData(raw.Name, model.Tables.Count, fields);
            foreach (var field in fields)
            {
                field.Tables.Add(table);
            }

            foreach (var row in raw.Rows)
            {
                var cells = new int[fields.Count];
                for (var c = 0; c < fields.Count; c++)
                {
                    cells[c] = c < row.Length && row[c] is { } value ? fields[c].Intern(value) : -1;
                }

                table.Rows.Add(cells);
            }

            model.Tables.Add(table);
        }

        return model;
    }

    private static bool SameColumns(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var column in a)
        {
            if (IndexOf(b, column) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
