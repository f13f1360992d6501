using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Qix;
using QixGen.Errors;
using QixGen.Paging;
using QixGen.Testing.Data;
using Xunit;

namespace QixGen.Testing.Tests.Helpers;

/// <summary>
/// Pivot (qMode P, GetHyperCubePivotData) and stacked (qMode K, GetHyperCubeStackData) hypercubes read as rows, against
/// the simulator, which answers both with the schema's page shapes and enforces the 10,000-cell limit.
/// </summary>
public sealed class PivotPagingTests
{
    private static NxDimension Dimension(string field, bool numeric = false) => new()
    {
        Def = new NxInlineDimensionDef
        {
            FieldDefs = new List<string> { field },
            SortCriterias = numeric ? new List<SortCriteria> { new() { SortByNumeric = 1 } } : null,
        },
    };

    private static NxMeasure Measure(string expression) => new() { Def = new NxInlineMeasureDef { Def = expression } };

    private static GenericObjectProperties Cube(NxHypercubeMode mode, int leftDimensions, NxDimension[] dimensions, params NxMeasure[] measures) => new()
    {
        Info = new NxInfo { Type = "pivot-table" },
        HyperCubeDef = new HyperCubeDef
        {
            Mode = mode,
            NoOfLeftDims = leftDimensions,
            AlwaysFullyExpanded = true,
            Dimensions = dimensions.ToList(),
            Measures = measures.ToList(),
        },
    };

    [Fact]
    public async Task APivotIsReadRowByRowInStripsUnderTheCellLimit()
    {
        const int rows = 3000;
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(rows));
        var pivot = await f.Doc.CreateSessionObjectAsync(Cube(NxHypercubeMode.DataModePivot, 1, new[] { Dimension("Id", numeric: true), Dimension("Group") }, Measure("Sum(Value)")));
        var layout = (await pivot.GetLayoutAsync()).HyperCube!;
        Assert.Equal(7, layout.Size!.Cx); // one column per Group value (one measure: no pseudo dimension)
        Assert.Equal(rows, layout.Size.Cy); // one row per Id
        Assert.Equal(1, layout.NoOfLeftDims);

        var progress = new DataPagingTests.Recorder();
        var next = 0;
        await foreach (var row in pivot.ReadHyperCubeRowsAsync(new QixPagingOptions { Progress = progress }, HelperFixture.Bounded()))
        {
            Assert.Equal(next, row.Index);
            Assert.Equal(1, row.DimensionCount);
            Assert.Equal(8, row.Cells.Count);
            Assert.Equal(next, row[0].Number); // the left dimension value, read from qValue
            Assert.Equal(next, row[0].ElementNumber); // qElemNo: Ids were loaded in order
            Assert.Equal("N", row[0].CellType);
            for (var group = 0; group < 7; group++)
            {
                var cell = row[1 + group];
                if (group == next % 7)
                {
                    Assert.Equal(next * 2, cell.Number);
                    Assert.Equal("V", cell.CellType);
                }
                else
                {
                    Assert.Equal("E", cell.CellType); // no data for this combination
                    Assert.False(cell.IsNumeric);
                }
            }

            Assert.Equal(Enumerable.Range(0, 7).Select(g => "G" + g), row.ColumnHeaders!.Select(h => Assert.Single(h).Text));
            next++;
        }

        Assert.Equal(rows, next);
        // 7 columns: strips of floor(10000 / 7) = 1428 rows, one call each.
        Assert.Equal(new[] { 0, 1428, 2856, rows }, progress.Reports.Select(p => p.RowsRead));
        Assert.All(progress.Reports, p => Assert.Equal(rows, p.TotalRows));

        var tooLarge = await Assert.ThrowsAsync<QixEngineException>(() => pivot.GetHyperCubePivotDataAsync("/qHyperCubeDef", new List<NxPage> { new() { Top = 0, Left = 0, Width = 7, Height = 1429 } }));
        Assert.Equal(7009, tooLarge.Code);
        var exact = await pivot.GetHyperCubePivotDataAsync("/qHyperCubeDef", new List<NxPage> { new() { Top = 0, Left = 0, Width = 7, Height = 1428 } });
        Assert.Equal(1428, exact[0].Left!.Count);
    }

    [Fact]
    public async Task PivotPagesHaveTheSchemasShapeWithTails()
    {
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(70)); // 10 Ids per Group
        var pivot = await f.Doc.CreateSessionObjectAsync(Cube(NxHypercubeMode.DataModePivot, -1, new[] { Dimension("Group"), Dimension("Id", numeric: true) }, Measure("Sum(Value)")));
        var page = Assert.Single(await pivot.GetHyperCubePivotDataAsync("/qHyperCubeDef", new List<NxPage> { new() { Top = 1, Left = 0, Width = 1, Height = 2 } }));

        var group = Assert.Single(page.Left!); // rows 1 and 2 both lie under G0
        Assert.Equal("G0", group.Text);
        Assert.Equal(1, group.Up); // row 0 of G0 is above the page
        Assert.Equal(7, group.Down); // G0 has 10 rows: 0 above, 2 here, 7 below
        Assert.Equal(new[] { "7", "14" }, group.SubNodes!.Select(n => n.Text)); // Ids of G0 in numeric order: 0, 7, 14, ...
        Assert.All(group.SubNodes!, n => Assert.Empty(n.SubNodes!));
        var measure = Assert.Single(page.Top!); // no top dimension: the measures are given on top
        Assert.Equal("Sum(Value)", measure.Text);
        Assert.Equal(2, page.Data!.Count);
        Assert.Equal(1, page.Area!.Top);
        Assert.Equal(2, page.Area.Height);

        var straight = await f.Doc.CreateSessionObjectAsync(Cube(NxHypercubeMode.DataModeStraight, -1, new[] { Dimension("Group") }, Measure("Sum(Value)")));
        var wrongMode = await Assert.ThrowsAsync<QixEngineException>(() => straight.GetHyperCubePivotDataAsync("/qHyperCubeDef", new List<NxPage> { new() { Width = 1, Height = 1 } }));
        Assert.Equal(8, wrongMode.Code); // invalid parameters: the method works for pivot cubes only
    }

    [Fact]
    public async Task AWidePivotIsReadInColumnChunksAndEveryCellLandsInItsColumn()
    {
        const int ids = 30;
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(ids));
        var pivot = await f.Doc.CreateSessionObjectAsync(Cube(NxHypercubeMode.DataModePivot, 1, new[] { Dimension("Group"), Dimension("Id", numeric: true) }, Measure("Sum(Value)")));
        var progress = new DataPagingTests.Recorder();
        // 8 cells per call and 30 columns: one row per strip, in chunks of 8, 8, 8 and 6 columns.
        var rows = await DataPagingTests.ToListAsync(pivot.ReadHyperCubeRowsAsync(new QixPagingOptions { MaxCellsPerCall = 8, Progress = progress }));

        Assert.Equal(7, rows.Count);
        Assert.Equal(Enumerable.Range(0, 8), progress.Reports.Select(p => p.RowsRead));
        var headers = rows[0].ColumnHeaders!;
        Assert.Equal(Enumerable.Range(0, ids).Select(i => (double)i), headers.Select(h => Assert.Single(h).Number));
        foreach (var row in rows)
        {
            Assert.Same(headers, row.ColumnHeaders);
            Assert.Equal("G" + row.Index, row[0].Text);
            Assert.Equal(1 + ids, row.Cells.Count);
            for (var id = 0; id < ids; id++)
            {
                var cell = row[1 + id];
                Assert.Equal(id % 7 == row.Index ? id * 2 : double.NaN, cell.Number);
            }
        }
    }

    [Fact]
    public async Task SeveralMeasuresMakeAPseudoDimensionOnTop()
    {
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(70));
        var pivot = await f.Doc.CreateSessionObjectAsync(Cube(NxHypercubeMode.DataModePivot, -1, new[] { Dimension("Group") }, Measure("Sum(Value)"), Measure("Count(Id)")));
        var rows = await DataPagingTests.ToListAsync(pivot.ReadHyperCubeRowsAsync());

        Assert.Equal(7, rows.Count);
        Assert.Equal(new[] { "Sum(Value)", "Count(Id)" }, rows[0].ColumnHeaders!.Select(h => Assert.Single(h).Text));
        Assert.All(rows[0].ColumnHeaders!, h => Assert.Equal("P", h[0].CellType));
        foreach (var row in rows)
        {
            var group = (int)row.Index;
            Assert.Equal(Enumerable.Range(0, 70).Where(i => i % 7 == group).Sum(i => i * 2), row[1].Number);
            Assert.Equal(10, row[2].Number);
        }
    }

    [Fact]
    public async Task CancellingAPivotReadStopsAfterTheStripInHand()
    {
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(3000));
        var pivot = await f.Doc.CreateSessionObjectAsync(Cube(NxHypercubeMode.DataModePivot, 1, new[] { Dimension("Id", numeric: true), Dimension("Group") }, Measure("Sum(Value)")));
        using var cancel = new CancellationTokenSource();
        var read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in pivot.ReadHyperCubeRowsAsync(cancellationToken: cancel.Token))
            {
                if (++read == 10)
                {
                    cancel.Cancel();
                }
            }
        });
        Assert.Equal(1428, read); // the first strip is delivered, the next call is cancelled
    }

    /// <summary>Rows i = 0..n-1 with Bucket = i / 10 (10 rows per bucket) and Value = i.</summary>
    private static QixApp Buckets(int rows) => new AppBuilder("Buckets.qvf").Table("Numbers", t =>
    {
        t.Columns("Id", "Bucket", "Value");
        for (var i = 0; i < rows; i++)
        {
            t.Row(i, i / 10, i);
        }
    }).Build();

    [Fact]
    public async Task AStackedCubeIsReadLeafByLeafWithPagesThatAdaptToTheFanOut()
    {
        await using var f = await HelperFixture.OpenAsync(Buckets(500));
        var stacked = await f.Doc.CreateSessionObjectAsync(Cube(NxHypercubeMode.DataModePivotStack, -1, new[] { Dimension("Bucket", numeric: true), Dimension("Id", numeric: true) }, Measure("Sum(Value)")));
        var layout = (await stacked.GetLayoutAsync()).HyperCube!;
        Assert.Equal(50, layout.Size!.Cy); // stacked cubes page by outer values: 50 buckets

        var progress = new DataPagingTests.Recorder();
        var rows = await DataPagingTests.ToListAsync(stacked.ReadHyperCubeRowsAsync(new QixPagingOptions { MaxCellsPerCall = 100, Progress = progress }));

        Assert.Equal(500, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            Assert.Equal(i, row.Index);
            Assert.Equal(2, row.DimensionCount);
            Assert.Equal(3, row.Cells.Count);
            Assert.Equal(i / 10, row[0].Number);
            Assert.Equal(i, row[1].Number);
            Assert.Equal(i, row[2].Number);
            Assert.Equal("V", row[2].CellType);
            Assert.Null(row.ColumnHeaders);
        }

        // The first page guesses one leaf per outer value (floor(100 / 3) = 33 buckets); each bucket turns out to hold
        // 30 cells (10 rows of 3), so the next pages hold floor(100 / 30) = 3 buckets.
        Assert.Equal(new[] { 0, 33, 36, 39, 42, 45, 48, 50 }, progress.Reports.Select(p => p.RowsRead));
        Assert.All(progress.Reports, p => Assert.Equal(50, p.TotalRows));
    }

    [Fact]
    public async Task StackPagesHaveTheSchemasShapeAndTheOuterLimit()
    {
        await using var f = await HelperFixture.OpenAsync(Buckets(10_010)); // outer dimension Id: 10,010 values
        var stacked = await f.Doc.CreateSessionObjectAsync(Cube(NxHypercubeMode.DataModePivotStack, -1, new[] { Dimension("Id", numeric: true), Dimension("Bucket", numeric: true) }, Measure("Sum(Value)")));
        var page = Assert.Single(await stacked.GetHyperCubeStackDataAsync("/qHyperCubeDef", new List<NxPage> { new() { Top = 2, Height = 3, Width = 3 } }, 10_000));
        var root = Assert.Single(page.Data!);
        Assert.Equal(new[] { "2", "3", "4" }, root.SubNodes!.Select(n => n.Text));
        Assert.Equal(2 + 3 + 4, root.MaxPos);
        var leaf = Assert.Single(Assert.Single(root.SubNodes![1].SubNodes!).SubNodes!);
        Assert.Equal(3, leaf.Value);
        Assert.Equal(3, leaf.Row);

        // 10,010 outer values: a page of more than 10,000 (or of more than qMaxNbrCells) is refused with 7009.
        var tooLarge = await Assert.ThrowsAsync<QixEngineException>(() => stacked.GetHyperCubeStackDataAsync("/qHyperCubeDef", new List<NxPage> { new() { Height = 10_001, Width = 3 } }, 10_000));
        Assert.Equal(7009, tooLarge.Code);
        var overMax = await Assert.ThrowsAsync<QixEngineException>(() => stacked.GetHyperCubeStackDataAsync("/qHyperCubeDef", new List<NxPage> { new() { Height = 6, Width = 3 } }, 5));
        Assert.Equal(7009, overMax.Code);
    }
}
