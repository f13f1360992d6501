using System.Collections.Generic;

namespace QixGen.Testing.Data;

/// <summary>A table as loaded (from code, CSV or a script statement), before fields are shared across tables.</summary>
internal sealed class RawTable
{
    public RawTable(string name, IReadOnlyList<string> columns)
    {
        Name = name;
        Columns = columns;
    }

    public string Name { get; }

    public IReadOnlyList<string> Columns { get; }

    public List<CellValue?[]> Rows { get; } = new List<CellValue?[]>();
}
