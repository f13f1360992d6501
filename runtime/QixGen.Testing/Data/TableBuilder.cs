using System;
using System.Collections.Generic;

namespace QixGen.Testing.Data;

/// <summary>Builds one table from code: columns, then rows of values (numbers, strings, or null).</summary>
public sealed class TableBuilder
{
    private readonly List<string> _columns = new List<string>();
    private readonly List<object?[]> _rows = new List<object?[]>();

    internal TableBuilder(string name) => Name = name;

    /// <summary>The table's name.</summary>
    public string Name { get; }

    /// <summary>Adds columns (field names). Fields of the same name in several tables associate the tables.</summary>
    /// <param name="names">The field names.</param>
    /// <returns>This builder.</returns>
    public TableBuilder Columns(params string[] names)
    {
        _columns.AddRange(names ?? throw new ArgumentNullException(nameof(names)));
        return this;
    }

    /// <summary>Adds a row: one value per column (numbers are numeric, strings text, null is null).</summary>
    /// <param name="values">The values.</param>
    /// <returns>This builder.</returns>
    public TableBuilder Row(params object?[] values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        if (values.Length != _columns.Count)
        {
            throw new ArgumentException($"Table '{Name}' has {_columns.Count} columns; the row has {values.Length} values.", nameof(values));
        }

        _rows.Add(values);
        return this;
    }

    internal RawTable ToRaw()
    {
        if (_columns.Count == 0)
        {
            throw new InvalidOperationException($"Table '{Name}' has no columns.");
        }

        var raw = new RawTable(Name, _columns.ToArray());
        foreach (var row in _rows)
        {
            raw.Rows.Add(Array.ConvertAll(row, CellValue.FromObject));
        }

        return raw;
    }
}
