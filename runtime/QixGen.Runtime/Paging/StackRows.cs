using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using QixGen.Objects;
using QixGen.Raw;

namespace QixGen.Paging;

/// <summary>
/// All rows of a stacked hypercube (qMode K) through <c>GetHyperCubeStackData</c>. The engine pages a stacked table by
/// the values of its outer (first) dimension: <c>qTop</c>/<c>qHeight</c> count outer values, <c>qSize.qcy</c> is their
/// number, and each page is a tree (a root, the outer values, the next dimension's values under each, ..., the measure
/// value at the leaves). Each leaf is one row. How many rows an outer value holds is known only once read, so the
/// page height adapts: it starts at floor(cells / columns) outer values and then follows the cells per outer value seen
/// so far, keeping a page near the cell budget.
/// </summary>
internal static class StackRows
{
    public static async IAsyncEnumerable<QixDataRow> ReadAsync(QixObject target, string path, int columns, int total, int dimensions, QixPagingOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var maxCells = options?.MaxCellsPerCall ?? QixPagingOptions.EngineMaxCellsPerCall;
        options?.Progress?.Report(new QixPagingProgress(0, total));
        if (total == 0)
        {
            yield break;
        }

        var height = Math.Max(1, maxCells / Math.Max(1, dimensions + 1));
        var outerRead = 0;
        var index = 0;
        long cellsRead = 0;
        while (outerRead < total)
        {
            var top = outerRead;
            var pageHeight = Math.Min(height, total - outerRead);
            var result = await QixRawCall.InvokeAsync(target, "GetHyperCubeStackData", w => QixDataPaging.WritePage(w, path, 0, top, Math.Max(1, columns), pageHeight), cancellationToken).ConfigureAwait(false);
            var nodes = JsonRead.Array(JsonRead.AtPointer(result, "/qDataPages/0"), "qData");
            var outerReceived = CountOuter(nodes);
            var paths = NodeTree.LeafPaths(nodes);
            if (outerReceived == 0 || paths.Count == 0)
            {
                yield break; // the table shrank under us (selections changed): nothing past its new end
            }

            foreach (var cells in paths)
            {
                cellsRead += cells.Count;
                var isValue = cells[cells.Count - 1].CellType == "V";
                yield return new QixDataRow(index++, cells, isValue ? cells.Count - 1 : cells.Count);
            }

            outerRead += outerReceived;
            options?.Progress?.Report(new QixPagingProgress(outerRead, total));
            if (outerReceived < pageHeight)
            {
                yield break;
            }

            var cellsPerOuter = Math.Max(1, (int)Math.Ceiling((double)cellsRead / outerRead));
            height = Math.Max(1, maxCells / cellsPerOuter);
        }
    }

    /// <summary>The outer values in a page: the children of its root cells (or the top-level cells when there is no root).</summary>
    private static int CountOuter(JsonElement nodes)
    {
        if (nodes.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        var count = 0;
        foreach (var node in nodes.EnumerateArray())
        {
            if (JsonRead.String(node, "qType") == "R")
            {
                var children = JsonRead.Array(node, "qSubNodes");
                count += children.ValueKind == JsonValueKind.Array ? children.GetArrayLength() : 0;
            }
            else if (node.ValueKind == JsonValueKind.Object)
            {
                count++;
            }
        }

        return count;
    }
}
