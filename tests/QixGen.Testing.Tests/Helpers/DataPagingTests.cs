using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Qix;
using QixGen.Errors;
using QixGen.Paging;
using Xunit;

namespace QixGen.Testing.Tests.Helpers;

/// <summary>QixDataPaging against the simulator, which enforces the engine's 10,000-cells-per-call limit (error 7009).</summary>
public sealed class DataPagingTests
{
    private const int Rows = 25_000;

    private static GenericObjectProperties Table() => new GenericObjectProperties
    {
        Info = new NxInfo { Type = "table" },
        HyperCubeDef = new HyperCubeDef
        {
            Mode = NxHypercubeMode.DataModeStraight,
            Dimensions = new List<NxDimension>
            {
                new() { Def = new NxInlineDimensionDef { FieldDefs = new List<string> { "Id" }, SortCriterias = new List<SortCriteria> { new() { SortByNumeric = 1 } } } },
                new() { Def = new NxInlineDimensionDef { FieldDefs = new List<string> { "Group" } } },
            },
            Measures = new List<NxMeasure> { new() { Def = new NxInlineMeasureDef { Def = "Sum(Value)" } } },
        },
    };

    /// <summary>Keeps every progress report, in order.</summary>
    internal sealed class Recorder : IProgress<QixPagingProgress>
    {
        public List<QixPagingProgress> Reports { get; } = new List<QixPagingProgress>();

        public void Report(QixPagingProgress value) => Reports.Add(value); // the reader reports on its own flow, in order
    }

    [Fact]
    public async Task ReadsEveryRowOfALargeStraightTableInPagesUnderTheCellLimit()
    {
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(Rows));
        var table = await f.Doc.CreateSessionObjectAsync(Table());
        var progress = new Recorder();
        var next = 0;
        await foreach (var row in table.ReadHyperCubeRowsAsync(new QixPagingOptions { Progress = progress }, HelperFixture.Bounded()))
        {
            Assert.Equal(next, row.Index);
            Assert.Equal(3, row.Cells.Count);
            Assert.Equal(next, row[0].Number);
            Assert.Equal("G" + (next % 7), row[1].Text);
            Assert.Equal(next * 2, row[2].Number);
            next++;
        }

        Assert.Equal(Rows, next);
        // Three columns: pages of floor(10000 / 3) = 3333 rows, so 8 pages; one report before them and one after each.
        Assert.Equal(9, progress.Reports.Count);
        Assert.Equal(new[] { 0, 3333, 6666, 9999, 13332, 16665, 19998, 23331, Rows }, progress.Reports.Select(p => p.RowsRead));
        Assert.All(progress.Reports, p => Assert.Equal(Rows, p.TotalRows));
        Assert.Equal(1.0, progress.Reports[^1].Fraction);
    }

    [Fact]
    public async Task TheSimulatorRejectsMoreThanTenThousandCellsInOneCall()
    {
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(Rows));
        var table = await f.Doc.CreateSessionObjectAsync(Table());
        await table.GetLayoutAsync();
        var error = await Assert.ThrowsAsync<QixEngineException>(() => table.GetHyperCubeDataAsync("/qHyperCubeDef", new List<NxPage> { new() { Top = 0, Left = 0, Width = 3, Height = 3334 } }));
        Assert.Equal(7009, error.Code);
        var exact = await table.GetHyperCubeDataAsync("/qHyperCubeDef", new List<NxPage> { new() { Top = 0, Left = 0, Width = 3, Height = 3333 } });
        Assert.Equal(3333, exact[0].Matrix!.Count);
    }

    [Fact]
    public async Task SmallerPagesFollowMaxCellsPerCall()
    {
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(10));
        var table = await f.Doc.CreateSessionObjectAsync(Table());
        var progress = new Recorder();
        var rows = await ToListAsync(table.ReadHyperCubeRowsAsync(new QixPagingOptions { MaxCellsPerCall = 7, Progress = progress }));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (double)i), rows.Select(r => r[0].Number));
        Assert.Equal(new[] { 0, 2, 4, 6, 8, 10 }, progress.Reports.Select(p => p.RowsRead)); // floor(7 / 3) = 2 rows per call
        Assert.Throws<ArgumentOutOfRangeException>(() => new QixPagingOptions { MaxCellsPerCall = 10_001 });
    }

    [Fact]
    public async Task ReadsAllValuesOfAListObject()
    {
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(12_000));
        var list = await f.Doc.CreateSessionObjectAsync(new GenericObjectProperties
        {
            Info = new NxInfo { Type = "listbox" },
            ListObjectDef = new ListObjectDef { Def = new NxInlineDimensionDef { FieldDefs = new List<string> { "Id" } } },
        });
        var values = await ToListAsync(list.ReadListObjectRowsAsync(cancellationToken: HelperFixture.Bounded()));
        Assert.Equal(12_000, values.Count);
        Assert.Equal(12_000, values.Select(v => v[0].Text).Distinct().Count());
        Assert.All(values, v => Assert.Single(v.Cells));
    }

    [Fact]
    public async Task ReadsListObjectsByIdAndFromADefinition()
    {
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(40));
        await f.Doc.CreateObjectAsync(new GenericObjectProperties
        {
            Info = new NxInfo { Id = "group-filter", Type = "listbox" },
            ListObjectDef = new ListObjectDef { Def = new NxInlineDimensionDef { FieldDefs = new List<string> { "Group" } } },
        });
        var byId = await ToListAsync(f.Doc.ReadListObjectRowsAsync("group-filter"));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => "G" + i), byId.Select(r => r[0].Text).OrderBy(t => t, StringComparer.Ordinal));

        var fromDefinition = await ToListAsync(f.Doc.ReadListObjectRowsFromDefinitionAsync("""{"qDef":{"qFieldDefs":["Id"]}}""", new QixPagingOptions { MaxCellsPerCall = 16 }));
        Assert.Equal(40, fromDefinition.Count);
        Assert.Equal(Enumerable.Range(0, 40), fromDefinition.Select(r => r.Index));
        Assert.DoesNotContain(await f.Doc.GetAllInfosAsync(), info => info.Type == "qixgen-rows");
        Assert.Throws<ArgumentException>(() => f.Doc.ReadListObjectRowsFromDefinitionAsync("[unclosed"));
    }

    [Fact]
    public async Task ReadsFromADefinitionAndDestroysItsSessionObject()
    {
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(50));
        const string definition = """{"qDimensions":[{"qDef":{"qFieldDefs":["Group"]}}],"qMeasures":[{"qDef":{"qDef":"Count(Id)"}}]}""";
        var rows = await ToListAsync(f.Doc.ReadHyperCubeRowsFromDefinitionAsync(definition));
        Assert.Equal(7, rows.Count);
        Assert.Equal(50, rows.Sum(r => r[1].Number));
        Assert.DoesNotContain(await f.Doc.GetAllInfosAsync(), info => info.Type == "qixgen-rows");
        Assert.Throws<ArgumentException>(() => f.Doc.ReadHyperCubeRowsFromDefinitionAsync("{not json"));
    }

    [Fact]
    public async Task CancellingMidReadStopsAndStillDestroysTheSessionObject()
    {
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(Rows));
        const string definition = """{"qDimensions":[{"qDef":{"qFieldDefs":["Id"]}}],"qMeasures":[]}""";
        using var cancel = new CancellationTokenSource();
        var read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in f.Doc.ReadHyperCubeRowsFromDefinitionAsync(definition, cancellationToken: cancel.Token))
            {
                if (++read == 10)
                {
                    cancel.Cancel();
                }
            }
        });
        Assert.Equal(10_000, read); // the first page (one column: 10,000 rows) is delivered, the next call is cancelled
        Assert.DoesNotContain(await f.Doc.GetAllInfosAsync(), info => info.Type == "qixgen-rows");
    }

    [Fact]
    public async Task ReadsAnExistingObjectById()
    {
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(30));
        var properties = Table();
        properties.Info = new NxInfo { Id = "orders-table", Type = "table" };
        await f.Doc.CreateObjectAsync(properties);
        var rows = await ToListAsync(f.Doc.ReadHyperCubeRowsAsync("orders-table"));
        Assert.Equal(30, rows.Count);
        Assert.Throws<ArgumentException>(() => f.Doc.ReadHyperCubeRowsAsync(""));
    }

    [Fact]
    public async Task TreeModeAndCalculationErrorsAreReportedNotGuessed()
    {
        await using var f = await HelperFixture.OpenAsync(HelperFixture.Numbers(5));
        var treeProperties = Table();
        treeProperties.HyperCubeDef!.Mode = NxHypercubeMode.DataModeTree;
        var tree = await f.Doc.CreateSessionObjectAsync(treeProperties);
        var notSupported = await Assert.ThrowsAsync<NotSupportedException>(() => ToListAsync(tree.ReadHyperCubeRowsAsync()));
        Assert.Contains("mode T", notSupported.Message);

        var broken = await f.Doc.CreateSessionObjectAsync(new GenericObjectProperties
        {
            Info = new NxInfo { Type = "table" },
            HyperCubeDef = new HyperCubeDef { Dimensions = new List<NxDimension> { new() { Def = new NxInlineDimensionDef { FieldDefs = new List<string> { "NoSuchField" } } } } },
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() => ToListAsync(broken.ReadHyperCubeRowsAsync()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ToListAsync(broken.ReadListObjectRowsAsync()));
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source.WithCancellation(HelperFixture.Bounded()))
        {
            list.Add(item);
        }

        return list;
    }
}
