using System.Linq;
using System.Text;
using System.Text.Json;
using QixGen.Serialization;
using Xunit;

namespace QixGen.Generator.Tests;

/// <summary>The runtime's property name table that generated readers switch on.</summary>
public sealed class PropertyNameLookupTests
{
    private static int Find(QixPropertyNames names, string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read(); // {
        reader.Read(); // the name
        return names.Find(ref reader);
    }

    [Fact]
    public void Finds_every_name_plain_and_escaped_and_nothing_else()
    {
        // 300 names: many share a length and their probed bytes, so collisions are resolved by comparing bytes.
        var wire = Enumerable.Range(0, 300).Select(i => "qName" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).Concat(new[] { "qText", "qNum", "q", "" }).ToArray();
        var names = new QixPropertyNames(wire);

        for (var i = 0; i < wire.Length; i++)
        {
            Assert.Equal(i, Find(names, "{\"" + wire[i] + "\":1}"));
        }

        Assert.Equal(300, Find(names, "{\"q\\u0054ext\":1}")); // an escaped spelling of qText
        Assert.Equal(-1, Find(names, "{\"qtext\":1}"));
        Assert.Equal(-1, Find(names, "{\"qText \":1}"));
        Assert.Equal(-1, Find(names, "{\"qName300\":1}"));
        Assert.Equal(-1, Find(names, "{\"q\\u0054exts\":1}"));
    }

    [Fact]
    public void A_repeated_name_keeps_its_first_index()
    {
        var names = new QixPropertyNames("qA", "qB", "qA");
        Assert.Equal(0, Find(names, "{\"qA\":1}"));
        Assert.Equal(1, Find(names, "{\"qB\":1}"));
    }
}
