using System;
using System.CommandLine;
using System.Linq;
using Qix;
using QixGen.Samples;
using QixGen.Testing.Data;

// FieldList: the article's field list. A session object with qFieldListDef, its GetLayout, and qFieldList.qItems
// printed (name, distinct values, tags, source tables). The flags choose what the engine lists. Against the simulator
// the demo app hides %RegionKey (HidePrefix '%'), so --show-hidden shows it and --show-system adds $Field, $Table, ...
//   dotnet run --project samples/FieldList -- --show-system --show-hidden
//   dotnet run --project samples/FieldList -- --url wss://host/app/ID --app ID --api-key KEY --show-src-tables
var showSystem = new Option<bool>("--show-system") { Description = "qShowSystem: also the system fields ($Field, $Table, ...)." };
var showHidden = new Option<bool>("--show-hidden") { Description = "qShowHidden: also the fields the script hid (HidePrefix/HideSuffix)." };
var showSourceTables = new Option<bool>("--show-src-tables") { Description = "qShowSrcTables: each field's tables." };
var showSemantic = new Option<bool>("--show-semantic") { Description = "qShowSemantic: also the semantic fields." };
var showDerived = new Option<bool>("--show-derived-fields") { Description = "qShowDerivedFields: also the derived fields (calendar definitions)." };

return await SampleConnection.RunAsync(args, "FieldList: list an app's fields with a qFieldListDef session object (GetLayout -> qFieldList.qItems).", new Option[] { showSystem, showHidden, showSourceTables, showSemantic, showDerived }, async connection =>
{
    var (options, appId, simulator) = connection.Resolve(
        () => DemoApp.Build().Table("Keys", new[] { "Region", "%RegionKey" }, new object?[] { "Nordic", 1 }, new object?[] { "Iberia", 2 }, new object?[] { "Benelux", 3 }),
        app => app.AddVariable("""{"qInfo":{"qId":"hide-prefix"},"qName":"HidePrefix","qDefinition":"%","qIsScriptCreated":true}"""));
    await using var _ = simulator;
    await using var session = await SampleConnection.ConnectAsync(options);
    var doc = await session.GetGlobal().OpenDocAsync(appId);

    var fieldList = await doc.CreateSessionObjectAsync(new GenericObjectProperties
    {
        Info = new NxInfo { Type = "FieldList" },
        FieldListDef = new FieldListDef
        {
            ShowSystem = connection.GetValue(showSystem),
            ShowHidden = connection.GetValue(showHidden),
            ShowSrcTables = connection.GetValue(showSourceTables),
            ShowSemantic = connection.GetValue(showSemantic),
            ShowDerivedFields = connection.GetValue(showDerived),
        },
    });
    var items = (await fieldList.GetLayoutAsync()).FieldList?.Items ?? new();
    Console.WriteLine($"{items.Count} fields in {appId}:");
    foreach (var field in items)
    {
        var flags = string.Concat(field.IsSystem == true ? " system" : "", field.IsHidden == true ? " hidden" : "", field.IsSemantic == true ? " semantic" : "");
        // qSrcTables is not in the schema's NxFieldDescription: the bindings keep it in AdditionalProperties.
        var tables = field.AdditionalProperties is { } extra && extra.TryGetValue("qSrcTables", out var srcTables) && srcTables.GetArrayLength() > 0
            ? " in " + string.Join(", ", srcTables.EnumerateArray().Select(t => t.GetString()))
            : "";
        Console.WriteLine($"  {field.Name}: {field.Cardinal} values [{string.Join(" ", field.Tags ?? new())}]{flags}{tables}");
    }
});
