using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using QixGen.Serialization;
using Xunit;

namespace QixGen.Runtime.Tests.Serialization;

/// <summary>
/// The list codec at the sizes where its element buffer changes: empty, within the first 16 (on the stack on .NET 8,
/// none on netstandard2.0), at and past 16 (rented, grown by doubling), and a page's worth; written back byte for byte.
/// </summary>
public sealed class ListCodecTests
{
    private static (bool Fits, List<T> Value) Read<T>(QixCodec<List<T>> codec, string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        var fits = codec.TryRead(ref reader, out var value);
        return (fits, value);
    }

    private static string Write<T>(QixCodec<List<T>> codec, List<T> value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            codec.Write(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(10_000)]
    public void Lists_of_every_size_read_whole_and_write_back_the_same(int count)
    {
        var numbers = Enumerable.Range(0, count).Select(i => i * 7 - 3).ToList();
        var json = "[" + string.Join(",", numbers) + "]";
        var codec = QixListCodec.Of(QixCodecs.Int32);

        var (fits, read) = Read(codec, json);

        Assert.True(fits);
        Assert.Equal(numbers, read);
        Assert.Equal(count, read.Capacity); // allocated once, at its final size
        Assert.Equal(json, Write(codec, read));

        // Strings with nulls kept as null, in lists of lists.
        var texts = Enumerable.Range(0, count).Select(i => i % 5 == 0 ? null : "t" + i).ToList();
        var textJson = "[" + string.Join(",", texts.Select(t => t is null ? "null" : "\"" + t + "\"")) + "]";
        var nested = QixListCodec.Of(QixListCodec.Of(QixCodecs.String));
        var (nestedFits, nestedRead) = Read(nested, "[" + textJson + "," + textJson + "]");
        Assert.True(nestedFits);
        Assert.Equal(2, nestedRead.Count);
        Assert.All(nestedRead, list => Assert.Equal<string?>(texts, list));
        Assert.Equal("[" + textJson + "," + textJson + "]", Write(nested, nestedRead));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(40)]
    public void An_element_that_does_not_fit_makes_the_list_not_fit_and_the_next_read_is_whole(int before)
    {
        var codec = QixListCodec.Of(QixCodecs.Int32);
        var json = "[" + string.Concat(Enumerable.Range(0, before).Select(i => i + ",")) + "\"not a number\",1,2]";

        Assert.False(Read(codec, json).Fits);

        // The rented buffer went back cleared: a following read sees only its own elements.
        var (fits, read) = Read(codec, "[" + string.Join(",", Enumerable.Range(100, before + 3)) + "]");
        Assert.True(fits);
        Assert.Equal(Enumerable.Range(100, before + 3), read);
    }
}
