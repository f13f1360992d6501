using System;
using System.Collections.Generic;
using System.Text.Json;
using QixGen.Session;
using QixGen.Testing.Data;
using QixGen.Testing.Hosting;

// The scenario SingleSchemaApp and Net8App run (each imports its bindings' namespace in its project file):
// the simulator, one await to connect, session.GetGlobal(), a result serialized AOT-clean, a selection, a sum.

await using var simulator = new QixEngineSimulator();
simulator.AddApp(new AppBuilder("Sales.qvf").Table("Sales", new[] { "Region", "Amount" },
    new object?[] { "Nordic", 120.0 },
    new object?[] { "Iberia", 90.0 },
    new object?[] { "Nordic", 30.0 }));
await using var session = await QixSession.ConnectAsync(simulator.CreateSessionOptions());
var global = session.GetGlobal();
Console.WriteLine("DOCLIST=" + JsonSerializer.Serialize(await global.GetDocListAsync(), QixApi.GetJsonTypeInfo<List<DocListEntry>>()));
Doc doc = await global.OpenDocAsync("Sales.qvf");
Field region = await doc.GetFieldAsync("Region");
await region.SelectValuesAsync(new[] { new FieldValue { Text = "Nordic" } }); // collection parameters take any list or array
Console.WriteLine("SUM=" + await doc.EvaluateAsync("Sum(Amount)"));
