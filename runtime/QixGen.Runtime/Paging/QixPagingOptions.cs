using System;

namespace QixGen.Paging;

/// <summary>How a paged read walks a hypercube or list object.</summary>
public sealed class QixPagingOptions
{
    /// <summary>
    /// The engine's limit on the cells of one data call: 10,000 across all pages of a <c>GetHyperCubeData</c> or
    /// <c>GetListObjectData</c> call; more fails with error 7009 (LOCERR_CALC_PAGES_TOO_LARGE). Source: Qlik's Engine
    /// JSON API reference for GetListObjectData / GetHyperCubeData ("Limitations on the number of cells").
    /// </summary>
    public const int EngineMaxCellsPerCall = 10_000;

    private int _maxCellsPerCall = EngineMaxCellsPerCall;

    /// <summary>The definition's path in the object's properties; default <c>/qHyperCubeDef</c> or <c>/qListObjectDef</c>.</summary>
    public string? Path { get; set; }

    /// <summary>Cells per call, 1 to <see cref="EngineMaxCellsPerCall"/> (default): the page height is this divided by the column count, rounded down.</summary>
    public int MaxCellsPerCall
    {
        get => _maxCellsPerCall;
        set => _maxCellsPerCall = value is >= 1 and <= EngineMaxCellsPerCall
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Between 1 and {EngineMaxCellsPerCall} cells per call (the engine's limit).");
    }

    /// <summary>Receives the rows read and the total, before the first page and after each page.</summary>
    public IProgress<QixPagingProgress>? Progress { get; set; }
}
