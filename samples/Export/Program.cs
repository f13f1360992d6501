using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.CommandLine;
using Qix;
using QixGen.Paging;
using QixGen.Samples;
using QixGen.Testing.Data;
using Spectre.Console;

// Export: writes every row of a hypercube to CSV, page by page (at most 10,000 cells per engine call), with a progress
// bar. Memory stays at one page however many rows there are. Against the built-in simulator it exports a generated
// table of --rows rows (default 100,000); against a real engine (--url, --app) it exports the object --object ID, or a
// table of the fields in --fields (comma-separated).
//   dotnet run --project samples/Export -c Release -- [--rows 100000] [--out export.csv] [--mode straight|pivot|stacked]
//   dotnet run --project samples/Export -c Release -- --url wss://host/app/ID --app ID --api-key KEY --object a1b2c3 --out sales.csv
var rowsOption = new Option<int>("--rows") { Description = "Simulator only: rows of the generated Orders table.", DefaultValueFactory = _ => 100_000 };
var outOption = new Option<string>("--out") { Description = "The CSV file to write.", DefaultValueFactory = _ => "export.csv" };
var objectOption = new Option<string?>("--object") { Description = "Export this existing object's hypercube (its id).", HelpName = "ID" };
var fieldsOption = new Option<string>("--fields") { Description = "Without --object: the dimensions of the table to export, comma-separated.", DefaultValueFactory = _ => "OrderId,Customer,Region" };
var modeOption = new Option<string>("--mode") { Description = "Without --object: the table's mode: straight, pivot (the last field across the top) or stacked.", DefaultValueFactory = _ => "straight" };
modeOption.AcceptOnlyFromAmong("straight", "pivot", "stacked");

return await SampleConnection.RunAsync(args, "Export: write every row of a hypercube to CSV, page by page, with a progress bar.", new Option[] { rowsOption, outOption, objectOption, fieldsOption, modeOption }, async connection =>
{
    var rows = connection.GetValue(rowsOption);
    var outPath = Path.GetFullPath(connection.GetValue(outOption)!);
    var (options, appId, simulator) = connection.Resolve(() => OrdersApp(rows));
    await using var _ = simulator;
    await using var session = await SampleConnection.ConnectAsync(options);
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel(); // stops between pages; the partial file is kept
    };

    var doc = await session.GetGlobal().OpenDocAsync(appId, cancellationToken: cancel.Token);
    GenericObject table;
    if (connection.GetValue(objectOption) is { } objectId)
    {
        table = await doc.GetObjectAsync(objectId, cancel.Token);
    }
    else
    {
        var fields = connection.GetValue(fieldsOption)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        table = await doc.CreateSessionObjectAsync(new GenericObjectProperties
        {
            Info = new NxInfo { Type = "qixgen-export" },
            HyperCubeDef = new HyperCubeDef
            {
                Mode = connection.GetValue(modeOption) switch { "pivot" => NxHypercubeMode.DataModePivot, "stacked" => NxHypercubeMode.DataModePivotStack, _ => NxHypercubeMode.DataModeStraight },
                NoOfLeftDims = connection.GetValue(modeOption) == "pivot" ? Math.Max(1, fields.Length - 1) : -1,
                AlwaysFullyExpanded = true,
                Dimensions = fields.Select(f => new NxDimension { Def = new NxInlineDimensionDef { FieldDefs = new List<string> { f } } }).ToList(),
                Measures = connection.UseSimulator ? new List<NxMeasure> { new() { Def = new NxInlineMeasureDef { Def = "Sum(Amount)", Label = "Amount" } } } : new List<NxMeasure>(),
            },
        }, cancel.Token);
    }

    var cube = (await table.GetLayoutAsync(cancel.Token)).HyperCube ?? throw SampleConnection.Usage($"Object {table.GenericId} has no hypercube.");
    var headers = (cube.DimensionInfo ?? new()).Select(d => d.FallbackTitle).Concat((cube.MeasureInfo ?? new()).Select(m => m.FallbackTitle)).ToList();
    var columns = headers.Count;
    var pages = cube.Mode == NxHypercubeMode.DataModePivot ? "pivot: rows of the left dimensions by data columns, strips under 10,000 cells"
        : cube.Mode == NxHypercubeMode.DataModePivotStack ? "stacked: progress counts outer dimension values"
        : $"pages of {QixPagingOptions.EngineMaxCellsPerCall / Math.Max(1, columns):N0} rows";
    Console.WriteLine($"Exporting {cube.Size?.Cy:N0} rows x {columns} columns to {outPath} ({pages}) ...");

    var clock = Stopwatch.StartNew();
    var written = 0;
    await using (var writer = new StreamWriter(outPath, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16))
    {
        var headerWritten = false;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("rows", maxValue: Math.Max(1, cube.Size?.Cy ?? 1));
                var paging = new QixPagingOptions { Progress = new BarProgress(bar) };
                await foreach (var row in table.ReadHyperCubeRowsAsync(paging, cancel.Token))
                {
                    if (!headerWritten)
                    {
                        // A pivot row is its left dimension values, then one cell per data column under ColumnHeaders.
                        var titles = row.ColumnHeaders is { } top
                            ? headers.Take(row.DimensionCount).Concat(top.Select(path => string.Join(" / ", path.Select(cell => cell.Text))))
                            : headers;
                        await writer.WriteLineAsync(string.Join(",", titles.Select(h => Csv.Field(h))));
                        headerWritten = true;
                    }

                    for (var c = 0; c < row.Cells.Count; c++)
                    {
                        if (c > 0)
                        {
                            writer.Write(',');
                        }

                        writer.Write(Csv.Field(row.Cells[c].Text));
                    }

                    writer.Write('\n');
                    written++;
                }
            });
        if (!headerWritten)
        {
            await writer.WriteLineAsync(string.Join(",", headers.Select(h => Csv.Field(h)))); // an empty table: its header only
        }
    }

    Console.WriteLine($"Wrote {written:N0} rows in {clock.Elapsed.TotalSeconds:F2} s ({written / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0} rows/s); " +
        $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB (with the simulator, when used, in the same process); " +
        $"managed heap after a full collection {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024):N0} MiB.");
});

// The simulator's demo data: --rows orders over 500 customers in 7 regions.
static AppBuilder OrdersApp(int rows) => new AppBuilder("Orders.qvf").Title("Orders (QixGen simulator)").Table("Orders", t =>
{
    t.Columns("OrderId", "Customer", "Region", "Amount");
    var regions = new[] { "Nordic", "Iberia", "Benelux", "Alps", "Baltic", "Balkans", "British Isles" };
    for (var i = 1; i <= rows; i++)
    {
        t.Row(i, "Customer " + (i % 500).ToString("D3", CultureInfo.InvariantCulture), regions[i % regions.Length], Math.Round((i * 7919 % 100_000) / 100.0, 2));
    }
});

/// <summary>Moves the progress bar as pages arrive (called on the reader's flow, in order).</summary>
internal sealed class BarProgress : IProgress<QixPagingProgress>
{
    private readonly ProgressTask _bar;

    public BarProgress(ProgressTask bar) => _bar = bar;

    public void Report(QixPagingProgress value)
    {
        _bar.MaxValue = Math.Max(1, value.TotalRows);
        _bar.Value = value.RowsRead;
    }
}

/// <summary>RFC 4180 fields: quoted when they hold a comma, quote or line break; quotes doubled.</summary>
internal static class Csv
{
    public static string Field(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return text.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
    }
}
