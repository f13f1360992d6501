using System;
using System.CommandLine;
using System.Linq;
using Qix;
using QixGen.Samples;
using QixGen.Testing.Data;

// Desktop: the article's first request. Qlik Sense Desktop serves its engine at ws://localhost:4848/app/ with no
// authentication (Desktop must be running and logged in); Global.GetDocList lists its apps. Without --url the sample
// runs against the built-in simulator, served on a loopback WebSocket at the same path.
//   dotnet run --project samples/Desktop
//   dotnet run --project samples/Desktop -- --url ws://localhost:4848/app/
return await SampleConnection.RunAsync(args, "Desktop: connect to Qlik Sense Desktop's engine (ws://localhost:4848/app/, no authentication) and print the apps' names (Global.GetDocList).", Array.Empty<Option>(), async connection =>
{
    var (options, simulator) = await connection.ResolveGlobalAsync(DemoApp.Build(), new AppBuilder("Budget.qvf").Title("Budget 2027").Table("Budget", new[] { "Region", "Plan" }, new object?[] { "Nordic", 200.0 }));
    await using var _ = simulator;
    await using var session = await SampleConnection.ConnectAsync(options);

    var docs = await session.GetGlobal().GetDocListAsync();
    Console.WriteLine($"{docs.Count} apps on {options.Url}:");
    foreach (var doc in docs.OrderBy(d => d.DocName, StringComparer.OrdinalIgnoreCase))
    {
        Console.WriteLine($"  {doc.DocName}  (id {doc.DocId})");
    }
});
