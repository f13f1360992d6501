using System;
using System.Collections.Generic;
using System.Linq;
using Qix;
using QixGen.Samples;

// Selections: list objects on two associated fields, select in one, and watch the states of the other
// (S selected, O possible, X excluded, A alternative). Runs against the built-in engine simulator unless --url is given.
var connection = SampleConnection.Parse(args);
var (options, appId, simulator) = connection.Resolve();
await using var _ = simulator;
await using var session = await SampleConnection.OpenAsync(options);
var doc = await QixApi.GetGlobal(session).OpenDocAsync(appId);

var fields = (connection.Get("fields") ?? "Region,Product").Split(',');
var lists = new List<(string Field, GenericObject List)>();
foreach (var field in fields)
{
    var list = await doc.CreateSessionObjectAsync(new GenericObjectProperties
    {
        Info = new NxInfo { Type = "listbox" },
        ListObjectDef = new ListObjectDef
        {
            Def = new NxInlineDimensionDef { FieldDefs = new List<string> { field } },
            InitialDataFetch = new List<NxPage> { new() { Width = 1, Height = 100 } },
        },
    });
    lists.Add((field, list));
}

await PrintAsync("No selections");
var first = fields[0];
var value = connection.Get("select") ?? "Iberia";
Console.WriteLine($"Selecting {first} = {value} in its list object ...");
var firstList = lists[0].List;
var layout = await firstList.GetLayoutAsync();
var element = layout.ListObject!.DataPages![0].Matrix!.SelectMany(r => r).First(c => c.Text == value).ElemNumber!.Value;
await firstList.SelectListObjectValuesAsync("/qListObjectDef", new List<int> { element }, false);
await PrintAsync("After the selection");
await doc.ClearAllAsync();

async System.Threading.Tasks.Task PrintAsync(string title)
{
    Console.WriteLine(title + ":");
    foreach (var (field, list) in lists)
    {
        var cells = (await list.GetLayoutAsync()).ListObject!.DataPages![0].Matrix!.SelectMany(r => r);
        Console.WriteLine($"  {field,-8} " + string.Join("  ", cells.Select(c => $"{c.Text}({c.State?.WireValue})")));
    }
}
