using System.Collections.Generic;

namespace QixGen.Testing.Data;

/// <summary>A loaded table: its fields and its rows as element numbers (-1 for null).</summary>
internal sealed class TableData
{
    public TableData(string name, int index, IReadOnlyList<FieldData> fields)
    {
        Name = name;
        Index = index;
        Fields = fields;
    }

    public string Name { get; }

    /// <summary>Position in <see cref="DataModel.Tables"/>.</summary>
    public int Index { get; }

    public IReadOnlyList<FieldData> Fields { get; }

    public List<int[]> Rows { get; } = new List<int[]>();

    /// <summary>The column of a field in this table, or -1.</summary>
    public int ColumnOf(FieldData field)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (ReferenceEquals(Fields[i], field))
            {
                return i;
            }
        }

        return -1;
    }
}
