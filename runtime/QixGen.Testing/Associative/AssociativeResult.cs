using System.Collections.Generic;
using QixGen.Testing.Data;

namespace QixGen.Testing.Associative;

/// <summary>The outcome of a selection state: possible rows per table and the state of every field value.</summary>
internal sealed class AssociativeResult
{
    public AssociativeResult(bool[][] possibleRows, FieldValueState[][] states)
    {
        PossibleRows = possibleRows;
        States = states;
    }

    /// <summary>By table index, by row: whether the row is consistent with all selections.</summary>
    public bool[][] PossibleRows { get; }

    /// <summary>By field index, by element number.</summary>
    public FieldValueState[][] States { get; }

    public FieldValueState State(FieldData field, int element) => States[field.Index][element];

    public List<int> RowsOf(TableData table)
    {
        var rows = new List<int>();
        var possible = PossibleRows[table.Index];
        for (var r = 0; r < possible.Length; r++)
        {
            if (possible[r])
            {
                rows.Add(r);
            }
        }

        return rows;
    }
}
