using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using Qix;
using QixGen.Samples;

// Quickstart: open an app, list its fields, select a value, print a hypercube as a table, and show the
// change events the engine sends. Runs against the built-in engine simulator unless --url is given.
return await SampleConnection.RunAsync(args, "Quickstart: open an app, list its fields, print a hypercube, select a value and show the change events.", Array.Empty<Option>(), async connection =>
{
    var (options, appId, simulator) = connection.Resolve();
    await using var _ = simulator;
    await using var session = await SampleConnection.ConnectAsync(options);

    var global = session.GetGlobal();
    var version = await global.EngineVersionAsync();
    Console.WriteLine($"Engine {version.ComponentVersion}, bindings generated for {QixApi.EngineVersion}");

    var doc = await global.OpenDocAsync(appId);
    doc.Changed += (_, _) => Console.WriteLine("  [change] the app's state changed");
    Console.WriteLine($"Opened {appId} (handle {doc.Handle})");

    var tables = await doc.GetTablesAndKeysAsync(new Size { Cx = 0, Cy = 0 }, new Size { Cx = 0, Cy = 0 }, 0, true, false);
    Console.WriteLine("Fields:");
    foreach (var record in tables.TableRecords)
    {
        Console.WriteLine($"  {record.Name}: {string.Join(", ", record.Fields?.Select(f => f.Name) ?? Array.Empty<string?>())}");
    }

    // A hypercube: Region x Sum(Amount), created as a session object (gone when the session ends).
    var created = await doc.CreateSessionObjectAsync(new GenericObjectProperties
    {
        Info = new NxInfo { Type = "quickstart-table" },
        HyperCubeDef = new HyperCubeDef
        {
            Dimensions = new List<NxDimension> { new() { Def = new NxInlineDimensionDef { FieldDefs = new List<string> { "Region" } } } },
            Measures = new List<NxMeasure> { new() { Def = new NxInlineMeasureDef { Def = "Sum(Amount)", Label = "Amount" } } },
            InitialDataFetch = new List<NxPage> { new() { Top = 0, Left = 0, Width = 2, Height = 50 } },
        },
    });
    var table = created;
    table.Changed += (_, _) => Console.WriteLine($"  [change] object {table.GenericId} is stale: its layout must be fetched again");

    await PrintTableAsync(table, "All regions");

    Console.WriteLine("Selecting Region = Nordic ...");
    var region = await doc.GetFieldAsync("Region");
    await region.SelectValuesAsync(new List<FieldValue> { new() { Text = "Nordic" } });
    await PrintTableAsync(table, "After the selection");

    await doc.ClearAllAsync();
    Console.WriteLine("Cleared all selections.");
});

static async System.Threading.Tasks.Task PrintTableAsync(GenericObject table, string title)
{
    var layout = await table.GetLayoutAsync();
    var cube = layout.HyperCube!;
    var headers = cube.DimensionInfo!.Select(d => d.FallbackTitle ?? "?").Concat(cube.MeasureInfo!.Select(m => m.FallbackTitle ?? "?")).ToList();
    Console.WriteLine($"{title} ({cube.Size!.Cy} rows):");
    Console.WriteLine("  " + string.Join(" | ", headers.Select(h => h.PadRight(10))));
    foreach (var row in cube.DataPages![0].Matrix!)
    {
        Console.WriteLine("  " + string.Join(" | ", row.Select(c => (c.Text ?? "").PadRight(10))));
    }
}
