using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Qix;
using QixGen.Session;
using QixGen.Traffic;
using Xunit;

namespace QixGen.Runtime.Tests;

/// <summary>The real recorded session, replayed through the generated 12.2528.0 bindings.</summary>
public sealed class ReplayTests
{
    // The recording was made without the delta protocol ("delta": false in every request).
    private static QixSessionOptions Recorded => new() { Delta = false };

    [Fact]
    public async Task Replaying_the_recorded_session_reproduces_its_calls_and_typed_results()
    {
        var transport = ReplayTransport.FromFile(TestPaths.TrafficFile);
        await using var session = QixSession.Start(transport, Recorded);
        var global = QixApi.GetGlobal(session);

        var app = await global.CreateSessionAppAsync();
        Assert.Equal(QixSessionState.Created, await session.WaitForConnectedAsync(TimeSpan.FromSeconds(5)));
        Assert.StartsWith("SessionApp_", app.SessionAppId);
        var doc = app.Return;
        Assert.Equal(1, doc.Handle);
        Assert.Same(doc, session.GetOrCreateObject(doc.Reference, QixApi.DocFactory));

        await doc.SetScriptAsync("\nTempTable:\nLoad\nRecNo() as ID,\nRand() as Value\nAutoGenerate 100\n");
        Assert.True(await doc.DoReloadAsync(0, false, false));

        var created = await doc.CreateObjectAsync(new GenericObjectProperties
        {
            Info = new NxInfo { Type = "my-straight-hypercube" },
            HyperCubeDef = new HyperCubeDef
            {
                Dimensions = new List<NxDimension> { new() { Def = new NxInlineDimensionDef { FieldDefs = new List<string> { "ID" } } } },
                Measures = new List<NxMeasure> { new() { Def = new NxInlineMeasureDef { Def = "=Sum(Value)" } } },
                InitialDataFetch = new List<NxPage> { new() { Width = 2, Height = 5 } },
            },
        });
        var cube = created.Return;
        Assert.Equal("my-straight-hypercube", created.Info.Type);
        Assert.Equal(2, cube.Handle);
        Assert.Equal("my-straight-hypercube", cube.GenericType);

        var layout = await cube.GetLayoutAsync();
        Assert.Equal(100, layout.HyperCube!.Size!.Cy);
        Assert.Equal(5, layout.HyperCube.DataPages![0].Matrix!.Count);

        var changed = new List<string>();
        doc.Changed += (_, _) => changed.Add("doc");
        cube.Changed += (_, _) => changed.Add("cube");
        Assert.True(await cube.SelectHyperCubeCellsAsync("/qHyperCubeDef", new List<int> { 0, 2, 4 }, new List<int> { 0 }, false, false));
        Assert.Equal(new[] { "doc", "cube" }, changed);

        var after = await cube.GetLayoutAsync();
        Assert.Equal(3, after.HyperCube!.Size!.Cy);
        Assert.Equal(0, transport.Remaining);
    }

    [Fact]
    public async Task A_call_that_differs_from_the_recording_fails_at_once_with_a_diff()
    {
        var transport = ReplayTransport.FromFile(TestPaths.TrafficFile);
        await using var session = QixSession.Start(transport, Recorded);
        var global = QixApi.GetGlobal(session);

        var error = await Assert.ThrowsAsync<QixReplayMismatchException>(() => global.OpenDocAsync("not-recorded.qvf").WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("$.method", error.Message);
        Assert.Contains("OpenDoc", error.Message);
        Assert.Contains("CreateSessionApp", error.Message);
    }

    [Fact]
    public async Task A_recorded_session_can_be_recorded_again_identically()
    {
        var writer = new StringWriter();
        var transport = ReplayTransport.FromFile(TestPaths.TrafficFile);
        await using (var session = QixSession.Start(transport, Recorded))
        using (TrafficRecorder.Start(session, writer))
        {
            var app = await QixApi.GetGlobal(session).CreateSessionAppAsync();
            await app.Return.SetScriptAsync("\nTempTable:\nLoad\nRecNo() as ID,\nRand() as Value\nAutoGenerate 100\n");
        }

        // The re-recording replays against itself.
        var again = ReplayTransport.FromJson(writer.ToString());
        await using var replay = QixSession.Start(again, Recorded);
        var app2 = await QixApi.GetGlobal(replay).CreateSessionAppAsync();
        await app2.Return.SetScriptAsync("\nTempTable:\nLoad\nRecNo() as ID,\nRand() as Value\nAutoGenerate 100\n");
        Assert.Equal(0, again.Remaining);
    }
}
