using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>The list codecs of element codecs: what generated code names for a property or parameter of array type.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class QixListCodec
{
    /// <summary>The codec of <c>List&lt;T&gt;</c> with <paramref name="element"/> for its elements (one per element codec).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The element codec.</param>
    /// <returns>The list codec.</returns>
    public static QixListCodec<T> Of<T>(QixCodec<T> element)
    {
        // A race builds two equal codecs; either one serves.
        return (QixListCodec<T>)(element.ListCodec ??= new QixListCodec<T>(element));
    }
}

/// <summary>
/// Reads and writes <see cref="List{T}"/> with an element codec. A null element of a reference type is kept as
/// null; any other element that does not fit makes the whole list not fit (a property then keeps it raw).
/// A list is allocated once, at its final size.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class QixListCodec<T> : QixCodec<List<T>>
{
    private static readonly bool s_elementsMayBeNull = default(T) is null;
    private readonly QixCodec<T> _element;

    internal QixListCodec(QixCodec<T> element)
    {
        _element = element;
    }

    internal override bool MayGiveUpInside => true;

    internal override string Expected => "an array of " + _element.Expected.Replace("an array", "arrays");

    /// <inheritdoc />
    public override bool TryRead(ref Utf8JsonReader reader, out List<T> value)
    {
        value = null!;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        // Elements go to a pooled buffer first, so the list is allocated once at its final size (a page's rows,
        // 10,000 of them, do not grow 4, 8, 16, ...; an empty list has no array at all).
        var buffer = ArrayPool<T>.Shared.Rent(16);
        var count = 0;
        var fits = true;
        while (fits && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == buffer.Length)
            {
                buffer = Grow(buffer);
            }

            fits = ReadElement(ref reader, out buffer[count]);
            count++;
        }

        if (fits)
        {
            value = new List<T>(count);
            for (var i = 0; i < count; i++)
            {
                value.Add(buffer[i]);
            }
        }

        Array.Clear(buffer, 0, count);
        ArrayPool<T>.Shared.Return(buffer);
        return fits;
    }

    private bool ReadElement(ref Utf8JsonReader reader, out T item)
    {
        if (s_elementsMayBeNull && reader.TokenType == JsonTokenType.Null)
        {
            item = default!;
            return true;
        }

        return _element.TryRead(ref reader, out item);
    }

    private static T[] Grow(T[] buffer)
    {
        var larger = ArrayPool<T>.Shared.Rent(buffer.Length * 2);
        Array.Copy(buffer, larger, buffer.Length);
        Array.Clear(buffer, 0, buffer.Length);
        ArrayPool<T>.Shared.Return(buffer);
        return larger;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, List<T> value) => WriteItems(writer, value);

    /// <summary>Writes any sequence as a JSON array (a collection parameter); a null element as <c>null</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="items">The elements.</param>
    public void WriteItems(Utf8JsonWriter writer, IEnumerable<T> items)
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            if (item is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                _element.Write(writer, item);
            }
        }

        writer.WriteEndArray();
    }

    /// <inheritdoc />
    public override List<T> Empty() => new List<T>();
}
