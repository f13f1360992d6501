using System.Collections.Generic;

namespace QixGen.Paging;

/// <summary>One row of a hypercube or list object, in the engine's row order.</summary>
public sealed class QixDataRow
{
    internal QixDataRow(int index, IReadOnlyList<QixCell> cells)
    {
        Index = index;
        Cells = cells;
    }

    /// <summary>The row number in the whole table (0-based; the engine's <c>qTop</c> plus the row's place in its page).</summary>
    public int Index { get; }

    /// <summary>The cells, dimensions first then measures (a list object has one).</summary>
    public IReadOnlyList<QixCell> Cells { get; }

    /// <summary>The cell in column <paramref name="column"/>.</summary>
    /// <param name="column">The 0-based column.</param>
    public QixCell this[int column] => Cells[column];
}
