using QixGen.Testing.Data;

namespace QixGen.Testing.Expressions;

/// <summary>One row of a loaded table (inside an aggregation): its fields' values.</summary>
internal sealed class TableRowScope : EvalScope
{
    private readonly TableData _table;
    private int[] _row = System.Array.Empty<int>();

    public TableRowScope(TableData table) => _table = table;

    public void MoveTo(int[] row) => _row = row;

    public override CellValue? FieldValue(string name)
    {
        for (var c = 0; c < _table.Fields.Count; c++)
        {
            if (_table.Fields[c].Name == name)
            {
                var element = _row[c];
                return element < 0 ? null : _table.Fields[c].Values[element];
            }
        }

        return null;
    }
}
