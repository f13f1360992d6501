using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Qix.Wire;
using QixGen.Session;
using QixGen.WireBench.Engine;

namespace QixGen.WireBench.Clients;

/// <summary>
/// The generated bindings on this checkout's runtime, delta on or off through <see cref="QixSessionOptions.Delta"/>,
/// with the default <see cref="QixSessionOptions.ReceiveMode"/> (a receive thread of the connection's own for the
/// first few sessions of the process) or another one.
/// </summary>
internal static class QixGenClient
{
    public static async Task<ClientResult> RunAsync(Scenario scenario, RunSettings settings, string url, QixReceiveMode? receiveMode)
    {
        if (scenario.Workload == Workload.Idle)
        {
            return await IdleAsync(scenario, settings, url).ConfigureAwait(false);
        }

        await using var session = await ConnectAsync(url, scenario.Mode, receiveMode).ConfigureAwait(false);
        var doc = await session.GetGlobal().OpenDocAsync(CannedAnswers.DocId).ConfigureAwait(false);
        if (scenario.Workload == Workload.Page)
        {
            var cube = await doc.GetObjectAsync(CannedAnswers.PageObjectId).ConfigureAwait(false);
            var pages = new List<NxPage> { new NxPage { Top = 0, Left = 0, Width = CannedAnswers.PageColumns, Height = CannedAnswers.PageRows } };
            return await WorkloadDriver.RunAsync(scenario, settings, () => cube.GetHyperCubeDataAsync("/qHyperCubeDef", pages),
                async () => DescribePage(await cube.GetHyperCubeDataAsync("/qHyperCubeDef", pages).ConfigureAwait(false))).ConfigureAwait(false);
        }

        var table = await doc.GetObjectAsync(CannedAnswers.LayoutObjectId).ConfigureAwait(false);
        return await WorkloadDriver.RunAsync(scenario, settings, () => table.GetLayoutAsync(),
            async () => DescribeLayout(await table.GetLayoutAsync().ConfigureAwait(false))).ConfigureAwait(false);
    }

    private static string DescribeLayout(GenericObjectLayout layout) =>
        AnswerCheck.Layout(layout.Info?.Id, layout.HyperCube?.GrandTotalRow?[0].Text);

    private static string DescribePage(List<NxDataPage> pages)
    {
        var matrix = pages.Single().Matrix!;
        return AnswerCheck.Page(matrix.Count, matrix[0].Count, matrix[0][0].Text, matrix[AnswerCheck.PatchedRow][AnswerCheck.PatchedColumn].Text);
    }

    /// <param name="receiveMode">Null: the default.</param>
    private static Task<QixSession> ConnectAsync(string url, DeltaMode mode, QixReceiveMode? receiveMode = null)
    {
        var options = new QixSessionOptions { Url = new Uri(url), Delta = mode != DeltaMode.Off };
        if (receiveMode is { } chosen)
        {
            options.ReceiveMode = chosen;
        }

        return QixSession.ConnectAsync(options);
    }

    /// <summary>Opens sessions (connected, one Doc open) and reports the managed heap they hold, per session.</summary>
    private static async Task<ClientResult> IdleAsync(Scenario scenario, RunSettings settings, string url)
    {
        // One session first, so that the JIT and the runtime's one-time caches are not counted as session state.
        await using (var warm = await ConnectAsync(url, scenario.Mode).ConfigureAwait(false))
        {
            await warm.GetGlobal().OpenDocAsync(CannedAnswers.DocId).ConfigureAwait(false);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var sessions = new QixSession[settings.IdleSessions];
        var docs = new Doc[settings.IdleSessions];
        var next = -1;
        async Task OpenAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < sessions.Length)
            {
                sessions[i] = await ConnectAsync(url, scenario.Mode).ConfigureAwait(false);
                docs[i] = await sessions[i].GetGlobal().OpenDocAsync(CannedAnswers.DocId).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => OpenAsync())).ConfigureAwait(false);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var open = sessions.Count(s => s.IsOpen);
        var handles = docs.Select(d => d.Handle).Distinct().Single();
        GC.KeepAlive(docs);
        var result = new ClientResult
        {
            Client = Scenario.Name(scenario.Client),
            Workload = Scenario.Name(scenario.Workload),
            Mode = Scenario.Name(scenario.Mode),
            Sessions = sessions.Length,
            HeapPerSessionBytes = (after - before) / (double)sessions.Length,
            PeakRssBytes = ProcessProbe.PeakRssBytes(),
            Check = $"open={open} handle={handles}",
        };
        await Task.WhenAll(sessions.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        return result;
    }
}
