using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using Qix;
using QixGen.Samples;

// Selections: list objects on two associated fields, select in one, and watch the states of the other
// (S selected, O possible, X excluded, A alternative). Runs against the built-in engine simulator unless --url is given.
var fieldsOption = new Option<string>("--fields") { Description = "The fields to list, comma-separated; the first is where the selection is made.", DefaultValueFactory = _ => "Region,Product" };
var selectOption = new Option<string>("--select") { Description = "The value to select in the first field.", DefaultValueFactory = _ => "Iberia" };
return await SampleConnection.RunAsync(args, "Selections: list objects on associated fields; select a value in the first and watch the states (S, O, X, A) of the others.", new Option[] { fieldsOption, selectOption }, async connection =>
{
    var (options, appId, simulator) = connection.Resolve();
    await using var _ = simulator;
    await using var session = await SampleConnection.ConnectAsync(options);
    var doc = await session.GetGlobal().OpenDocAsync(appId);

    var fields = connection.GetValue(fieldsOption)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
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
    var value = connection.GetValue(selectOption)!;
    Console.WriteLine($"Selecting {first} = {value} in its list object ...");
    var firstList = lists[0].List;
    var layout = await firstList.GetLayoutAsync();
    var cells = layout.ListObject!.DataPages![0].Matrix!.SelectMany(r => r).ToList();
    var element = cells.FirstOrDefault(c => c.Text == value)?.ElemNumber
        ?? throw SampleConnection.Usage($"--select: '{value}' is not a value of {first} (its values: {string.Join(", ", cells.Select(c => c.Text))}).");
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
});
