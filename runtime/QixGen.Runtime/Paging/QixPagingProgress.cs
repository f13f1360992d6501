namespace QixGen.Paging;

/// <summary>How far a paged read is: reported once before the first page and after every page.</summary>
public readonly struct QixPagingProgress
{
    /// <summary>Creates a progress report.</summary>
    /// <param name="rowsRead">Rows delivered so far.</param>
    /// <param name="totalRows">The table's row count when the read started (<c>qSize.qcy</c>).</param>
    public QixPagingProgress(int rowsRead, int totalRows)
    {
        RowsRead = rowsRead;
        TotalRows = totalRows;
    }

    /// <summary>Rows delivered so far.</summary>
    public int RowsRead { get; }

    /// <summary>The table's row count when the read started (<c>qSize.qcy</c>).</summary>
    public int TotalRows { get; }

    /// <summary>The fraction read, 0 to 1 (1 for an empty table).</summary>
    public double Fraction => TotalRows <= 0 ? 1 : (double)RowsRead / TotalRows;
}
