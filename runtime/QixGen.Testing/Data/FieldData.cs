using System.Collections.Generic;

namespace QixGen.Testing.Data;

/// <summary>A field's symbol table: its distinct values in load order (the index is the engine's element number).</summary>
internal sealed class FieldData
{
    private readonly Dictionary<string, int> _byKey = new Dictionary<string, int>(System.StringComparer.Ordinal);

    public FieldData(string name, int index)
    {
        Name = name;
        Index = index;
    }

    public string Name { get; }

    /// <summary>Position in <see cref="DataModel.Fields"/>.</summary>
    public int Index { get; }

    public List<CellValue> Values { get; } = new List<CellValue>();

    /// <summary>Tables that hold this field (more than one: a key field associating them).</summary>
    public List<TableData> Tables { get; } = new List<TableData>();

    public int Cardinal => Values.Count;

    public int Intern(CellValue value)
    {
        if (_byKey.TryGetValue(value.Key, out var index))
        {
            return index;
        }

        index = Values.Count;
        Values.Add(value);
        _byKey.Add(value.Key, index);
        return index;
    }

    public int Find(CellValue value) => _byKey.TryGetValue(value.Key, out var index) ? index : -1;

    public bool AllNumeric
    {
        get
        {
            foreach (var value in Values)
            {
                if (!value.IsNumeric)
                {
                    return false;
                }
            }

            return Values.Count > 0;
        }
    }

    public bool AllIntegers
    {
        get
        {
            foreach (var value in Values)
            {
                if (!value.IsNumeric || value.Number != System.Math.Floor(value.Number))
                {
                    return false;
                }
            }

            return Values.Count > 0;
        }
    }
}
