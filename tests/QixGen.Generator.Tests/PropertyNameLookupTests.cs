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

    [Fact]
    public void Names_in_any_order_are_found_after_an_order_was_learned()
    {
        // Find(ref reader, ref previous) first tries the name that followed the previous one last time: a wrong
        // guess (another order, an unknown or escaped name, a repeated one) must still give the right index.
        var names = new QixPropertyNames("qA", "qB", "qC", "qD");
        var objects = new[]
        {
            "{\"qA\":1,\"qB\":1,\"qC\":1,\"qD\":1}",
            "{\"qA\":1,\"qB\":1,\"qC\":1,\"qD\":1}",
            "{\"qD\":1,\"qC\":1,\"qX\":1,\"qB\":1,\"qA\":1}",
            "{\"qA\":1,\"qC\":1,\"q\\u0044\":1,\"qB\":1,\"qB\":1}",
            "{\"qB\":1,\"qC\":1,\"qD\":1,\"qA\":1}",
            "{}",
            "{\"qA\":1,\"qB\":1,\"qC\":1,\"qD\":1,\"qE\":1}",
        };
        var expected = new[]
        {
            new[] { 0, 1, 2, 3 },
            new[] { 0, 1, 2, 3 },
            new[] { 3, 2, -1, 1, 0 },
            new[] { 0, 2, 3, 1, 1 },
            new[] { 1, 2, 3, 0 },
            System.Array.Empty<int>(),
            new[] { 0, 1, 2, 3, -1 },
        };
        for (var o = 0; o < objects.Length; o++)
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(objects[o]));
            reader.Read();
            var previous = names.Start;
            var found = new System.Collections.Generic.List<int>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                found.Add(names.Find(ref reader, ref previous));
                reader.Read();
            }

            Assert.Equal(expected[o], found);
        }

        Assert.Equal(-1, Find(new QixPropertyNames(), "{\"qA\":1}")); // no names: nothing to guess
        var none = new QixPropertyNames();
        var empty = new Utf8JsonReader(Encoding.UTF8.GetBytes("{\"qA\":1}"));
        empty.Read();
        empty.Read();
        var start = none.Start;
        Assert.Equal(-1, none.Find(ref empty, ref start));
    }
}
