using System.Text.Json.Nodes;
using QixGen.Testing.Protocol;

namespace QixGen.Testing.Objects;

/// <summary>
/// The engine's cap on one data call: 10,000 cells across all requested pages, else error 7009 (calc-pages-too-large).
/// Source: Qlik's Engine JSON API reference, GetListObjectData / GetHyperCubeData, "Limitations on the number of cells".
/// Counted on the area each page actually covers (clipped to the data), so a generous request on small data passes.
/// </summary>
internal static class PageLimit
{
    public const int MaxCells = 10_000;

    public static void Check(JsonArray pages, int columns, int rows, int maxCells = MaxCells)
    {
        long cells = 0;
        foreach (var page in pages)
        {
            var (_, _, width, height) = HyperCubeWriter.Area(page as JsonObject ?? new JsonObject(), columns, rows);
            cells += (long)width * height;
        }

        if (cells > maxCells)
        {
            throw new QixRpcException(LocErrors.CalcPagesTooLarge, "Calculation pages too large", $"{cells} cells requested, at most {maxCells}");
        }
    }
}
