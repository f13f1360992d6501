using System.Collections.Generic;

namespace QixGen.Paging;

/// <summary>One row of a hypercube or list object, in the engine's row order.</summary>
public sealed class QixDataRow
{
    internal QixDataRow(int index, IReadOnlyList<QixCell> cells, int dimensionCount, IReadOnlyList<IReadOnlyList<QixCell>>? columnHeaders = null)
    {
        Index = index;
        Cells = cells;
        DimensionCount = dimensionCount;
        ColumnHeaders = columnHeaders;
    }

    /// <summary>The row number in the whole table (0-based; the engine's <c>qTop</c> plus the row's place in its page).</summary>
    public int Index { get; }

    /// <summary>
    /// The cells, dimension values first, then values: a straight table's dimensions then measures; a list object's one
    /// value; a pivot row's left dimension values then its data cells, one per data column; a stacked row's dimension
    /// values then its measure value.
    /// </summary>
    public IReadOnlyList<QixCell> Cells { get; }

    /// <summary>How many of <see cref="Cells"/> (from the start) are dimension values; the rest are measure values.</summary>
    public int DimensionCount { get; }

    /// <summary>
    /// Pivot tables only (null otherwise): for each data column (cell <see cref="DimensionCount"/> + i), the top header
    /// cells above it, outermost first (top dimension values, then the measure's pseudo cell when there are several
    /// measures or no top dimension). The same list for every row of one read.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<QixCell>>? ColumnHeaders { get; }

    /// <summary>The cell in column <paramref name="column"/>.</summary>
    /// <param name="column">The 0-based column.</param>
    public QixCell this[int column] => Cells[column];
}
