using System;
using System.CommandLine;
using System.Threading.Tasks;
using Qix;
using QixGen.Samples;
using QixGen.Session;

// Reload: set a load script, reload it with a progress bar (Global.GetProgress polled beside DoReload),
// then show what the script loaded. Runs against the built-in engine simulator unless --url is given.
var setScriptOption = new Option<bool>("--set-script") { Description = "On a real engine: replace the app's load script with the sample's before reloading (the simulator always does)." };
return await SampleConnection.RunAsync(args, "Reload: set a load script, reload it with progress (GetProgress polled beside DoReload), then show what it loaded.", new Option[] { setScriptOption }, async connection =>
{
    var (options, appId, simulator) = connection.Resolve(() => new QixGen.Testing.Data.AppBuilder("Reload.qvf"));
    await using var _ = simulator;
    if (simulator is QixGen.Testing.Hosting.QixEngineSimulator sim)
    {
        sim.Options.ReloadDelayPerRow = TimeSpan.FromMilliseconds(2); // make the simulated reload take long enough to watch
    }

    await using var session = await SampleConnection.ConnectAsync(options);
    var global = session.GetGlobal();
    var doc = await global.OpenDocAsync(appId);

    const string script = """
        Orders:
        LOAD RecNo() as OrderId, Rand() * 100 as Amount
        AutoGenerate 500;

        Regions:
        LOAD * INLINE [
        Region, Manager
        Nordic, Astrid
        Iberia, Lucia
        ];
        """;
    if (connection.UseSimulator || connection.GetValue(setScriptOption))
    {
        await doc.SetScriptAsync(script);
    }

    var tick = 0;
    void Draw(ProgressData p)
    {
        // The engine reports reload progress as text (rows fetched per table); qCompleted/qTotal stay 0 during reloads.
        foreach (var line in (p.PersistentProgress ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Console.WriteLine($"\r  {line}".PadRight(70));
        }

        var spinner = @"|/-\"[tick++ % 4];
        var bar = new string('#', tick % 31).PadRight(30, '.');
        Console.Write($"\r  {spinner} [{bar}] {(p.Finished == true ? "finished" : p.TransientProgress ?? "")}".PadRight(70));
    }

    Console.WriteLine("Reloading ...");
    var ok = await QixProgress.RunAsync(
        () => doc.DoReloadAsync(0, false, false),
        (requestId, ct) => global.GetProgressAsync(requestId, ct),
        new SynchronousProgress<ProgressData>(Draw),
        TimeSpan.FromMilliseconds(100));
    Console.WriteLine();
    Console.WriteLine(ok ? "Reload succeeded." : "Reload failed.");

    var tables = await doc.GetTablesAndKeysAsync(new Size(), new Size(), 0, true, false);
    foreach (var table in tables.TableRecords)
    {
        Console.WriteLine($"  {table.Name}: {table.NoOfRows} rows");
    }
});

/// <summary>Reports on the polling thread, so the bar is drawn in order.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
