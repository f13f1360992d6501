using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Qix;
using QixGen.Changes;
using QixGen.Testing.Tests.Infrastructure;
using Xunit;

namespace QixGen.Testing.Tests.Helpers;

/// <summary>Change notifications as an async stream.</summary>
public sealed class ChangeStreamTests
{
    private static GenericObjectProperties CountryTable() => new GenericObjectProperties
    {
        Info = new NxInfo { Type = "table" },
        HyperCubeDef = new HyperCubeDef { Dimensions = new List<NxDimension> { new() { Def = new NxInlineDimensionDef { FieldDefs = new List<string> { "Country" } } } } },
    };

    [Fact]
    public async Task EachSelectionChangeArrivesAndTheStreamEndsWhenTheObjectCloses()
    {
        await using var f = await HelperFixture.OpenAsync(TestApps.Sales().Build());
        var table = await f.Doc.CreateSessionObjectAsync(CountryTable());
        await using var changes = table.ChangesAsync(cancellationToken: HelperFixture.Bounded()).GetAsyncEnumerator();
        var country = await f.Doc.GetFieldAsync("Country");

        await table.GetLayoutAsync(); // the engine notifies only about objects whose layout was read since their last change
        var first = changes.MoveNextAsync().AsTask(); // subscribes
        await country.SelectValuesAsync(new List<FieldValue> { new() { Text = "Sweden" } });
        Assert.True(await first);
        Assert.Equal(QixObjectChangeKind.Changed, changes.Current.Kind);
        Assert.Equal(1, changes.Current.Sequence);

        var layout = await table.GetLayoutAsync();
        Assert.Equal(1, layout.HyperCube!.Size!.Cy);
        await country.ClearAsync();
        Assert.True(await changes.MoveNextAsync());
        Assert.Equal(2, changes.Current.Sequence);

        await f.Doc.DestroySessionObjectAsync(table.GenericId!);
        Assert.False(await changes.MoveNextAsync());
    }

    [Fact]
    public async Task ASlowReaderKeepsOnlyTheNewestNotifications()
    {
        await using var f = await HelperFixture.OpenAsync(TestApps.Sales().Build());
        var table = await f.Doc.CreateSessionObjectAsync(CountryTable());
        await using var changes = table.ChangesAsync(capacity: 1, HelperFixture.Bounded()).GetAsyncEnumerator();
        var started = changes.MoveNextAsync().AsTask();
        var country = await f.Doc.GetFieldAsync("Country");
        foreach (var value in new[] { "Sweden", "Norway", "Denmark" })
        {
            await table.GetLayoutAsync();
            await country.SelectValuesAsync(new List<FieldValue> { new() { Text = value } });
        }

        Assert.True(await started);
        var sequences = new List<long> { changes.Current.Sequence };
        await f.Doc.DestroySessionObjectAsync(table.GenericId!);
        while (await changes.MoveNextAsync())
        {
            sequences.Add(changes.Current.Sequence);
        }

        Assert.Equal(3, sequences.Last()); // the newest is always delivered
        Assert.True(sequences.Count <= 3);
        Assert.Throws<System.ArgumentOutOfRangeException>(() => table.ChangesAsync(capacity: 0));
    }
}
