using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using QixGen.Objects;
using QixGen.Raw;

namespace QixGen.Paging;

/// <summary>
/// All rows of a pivot hypercube (qMode P) through <c>GetHyperCubePivotData</c>. The engine pages a pivot table as a grid
/// of <c>qcy</c> rows (the leaves of the left dimension tree) by <c>qcx</c> data columns (the leaves of the top tree);
/// each call returns the left and top header trees of its area and its data cells. Rows are read in strips of
/// floor(cells / qcx) rows (at least one), each strip in column chunks that keep every call under the cell limit, so
/// memory is one strip.
/// </summary>
internal static class PivotRows
{
    public static async IAsyncEnumerable<QixDataRow> ReadAsync(QixObject target, string path, int columns, int total, QixPagingOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var maxCells = options?.MaxCellsPerCall ?? QixPagingOptions.EngineMaxCellsPerCall;
        options?.Progress?.Report(new QixPagingProgress(0, total));
        if (columns == 0 || total == 0)
        {
            yield break;
        }

        var stripHeight = Math.Max(1, maxCells / columns);
        var chunkWidth = Math.Min(columns, maxCells / stripHeight);
        IReadOnlyList<IReadOnlyList<QixCell>>? headers = null;
        var read = 0;
        while (read < total)
        {
            var top = read;
            var height = Math.Min(stripHeight, total - read);
            var strip = await ReadStripAsync(target, path, columns, chunkWidth, top, height, collectHeaders: headers is null, cancellationToken).ConfigureAwait(false);
            headers ??= strip.Headers;
            for (var r = 0; r < strip.Rows; r++)
            {
                var left = r < strip.Left.Count ? strip.Left[r] : Array.Empty<QixCell>();
                var cells = new List<QixCell>(left.Count + strip.Data[r].Count);
                cells.AddRange(left);
                cells.AddRange(strip.Data[r]);
                yield return new QixDataRow(read++, cells, left.Count, headers);
            }

            if (strip.Rows == 0)
            {
                yield break; // the table shrank under us (selections changed): nothing past its new end
            }

            options?.Progress?.Report(new QixPagingProgress(read, total));
            if (strip.Rows < height)
            {
                yield break;
            }
        }
    }

    private static async System.Threading.Tasks.Task<Strip> ReadStripAsync(QixObject target, string path, int columns, int chunkWidth, int top, int height, bool collectHeaders, CancellationToken cancellationToken)
    {
        List<IReadOnlyList<QixCell>>? left = null;
        var headers = collectHeaders ? new List<IReadOnlyList<QixCell>>(columns) : null;
        var data = new List<QixCell>[height];
        for (var r = 0; r < height; r++)
        {
            data[r] = new List<QixCell>(columns);
        }

        var rows = height;
        for (var chunkLeft = 0; chunkLeft < columns; chunkLeft += chunkWidth)
        {
            var from = chunkLeft;
            var width = Math.Min(chunkWidth, columns - chunkLeft);
            var result = await QixRawCall.InvokeAsync(target, "GetHyperCubePivotData", w => QixDataPaging.WritePage(w, path, from, top, width, height), cancellationToken).ConfigureAwait(false);
            var page = JsonRead.AtPointer(result, "/qDataPages/0");
            left ??= NodeTree.LeafPaths(JsonRead.Array(page, "qLeft"));
            headers?.AddRange(NodeTree.LeafPaths(JsonRead.Array(page, "qTop")));
            var matrix = JsonRead.Array(page, "qData");
            var received = 0;
            if (matrix.ValueKind == JsonValueKind.Array)
            {
                foreach (var rowJson in matrix.EnumerateArray())
                {
                    if (received == height || rowJson.ValueKind != JsonValueKind.Array)
                    {
                        break;
                    }

                    foreach (var cell in rowJson.EnumerateArray())
                    {
                        data[received].Add(new QixCell(cell));
                    }

                    received++;
                }
            }

            rows = Math.Min(rows, received);
        }

        return new Strip(left ?? new List<IReadOnlyList<QixCell>>(), headers, data, rows);
    }

    /// <summary>Rows of one strip: their left header paths, data cells (all columns) and the top headers when collected.</summary>
    private sealed class Strip
    {
        public Strip(List<IReadOnlyList<QixCell>> left, List<IReadOnlyList<QixCell>>? headers, List<QixCell>[] data, int rows)
        {
            Left = left;
            Headers = headers;
            Data = data;
            Rows = rows;
        }

        public List<IReadOnlyList<QixCell>> Left { get; }

        public List<IReadOnlyList<QixCell>>? Headers { get; }

        public List<QixCell>[] Data { get; }

        public int Rows { get; }
    }
}
