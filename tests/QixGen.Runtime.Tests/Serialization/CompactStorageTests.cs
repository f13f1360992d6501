using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Qix;
using QixGen.Serialization;
using Xunit;

namespace QixGen.Runtime.Tests.Serialization;

/// <summary>
/// The compact storage of generated data types (docs/performance.md, "Decode"): sparse sub-objects in the holder of
/// extras (QixExtras), flags as two bits of <c>qixSet</c>. Each property still reads back what was set, and a
/// read-write round trip is unchanged.
/// </summary>
public sealed class CompactStorageTests
{
    [Fact]
    public void ExtrasSlotsBehaveLikeADictionaryUnderRandomSetsAndClears()
    {
        var random = new Random(11);
        for (var round = 0; round < 200; round++)
        {
            var extras = new QixExtras();
            var model = new Dictionary<int, object>();
            for (var step = 0; step < 60; step++)
            {
                var slot = random.Next(64);
                if (random.Next(3) == 0)
                {
                    extras.Set(slot, null);
                    model.Remove(slot);
                }
                else
                {
                    var value = new object();
                    extras.Set(slot, value);
                    model[slot] = value;
                }

                for (var s = 0; s < 64; s++)
                {
                    Assert.Same(model.TryGetValue(s, out var expected) ? expected : null, extras.Get(s));
                }
            }
        }
    }

    [Fact]
    public void SparseSubObjectsAndExtrasKeepTheirOwnValues()
    {
        var layout = new GenericObjectLayout
        {
            HyperCube = new HyperCube(),
            ListObject = new ListObject(),
            AdditionalProperties = new Dictionary<string, JsonElement> { ["custom"] = JsonDocument.Parse("1").RootElement },
        };
        var info = new NxInfo { Id = "a" };
        layout.Info = info;
        layout.ListObject = null;

        Assert.Same(info, layout.Info);
        Assert.NotNull(layout.HyperCube);
        Assert.Null(layout.ListObject);
        Assert.Null(layout.TreeData);
        Assert.Null(layout.RawProperties);
        Assert.Equal(1, layout.AdditionalProperties!["custom"].GetInt32());
        Assert.Equal("{\"qInfo\":{\"qId\":\"a\"},\"qHyperCube\":{},\"custom\":1}", layout.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(true)]
    [InlineData(false)]
    public void FlagsHoldNullTrueAndFalseIndependently(bool? value)
    {
        var cell = new NxCell { IsEmpty = true, IsTotalCell = false, IsNull = value, Num = 2.5 };

        Assert.True(cell.IsEmpty);
        Assert.False(cell.IsTotalCell);
        Assert.Equal(value, cell.IsNull);
        Assert.Null(cell.IsOtherCell);
        Assert.Equal(2.5, cell.Num);
        cell.IsEmpty = null;
        Assert.Null(cell.IsEmpty);
        Assert.False(cell.IsTotalCell);
    }

    [Fact]
    public void ALayoutWithSparseFlagAndExtraPropertiesRoundTripsByteForByte()
    {
        const string json = "{\"qInfo\":{\"qId\":\"x\",\"qType\":\"t\"},\"qSelectionInfo\":{\"qInSelectMode\":false},"
            + "\"qHyperCube\":{\"qGrandTotalRow\":[{\"qText\":\"1\",\"qNum\":1,\"qIsTotalCell\":true,"
            + "\"qAttrExps\":{\"qValues\":[]},\"qIsNull\":false}]},\"qListObject\":{},\"qTreeData\":null,\"zExtra\":[1]}";
        var info = QixApi.GetJsonTypeInfo<GenericObjectLayout>();

        var layout = JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), info)!;

        Assert.Equal(json, JsonSerializer.Serialize(layout, info));
        Assert.NotNull(layout.ListObject);
        Assert.Null(layout.TreeData);
        Assert.True(layout.RawProperties!.ContainsKey("qTreeData"));
        Assert.True(layout.HyperCube!.GrandTotalRow![0].IsTotalCell);
        Assert.False(layout.HyperCube.GrandTotalRow[0].IsNull);
    }
}
