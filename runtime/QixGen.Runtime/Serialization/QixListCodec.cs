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

        // Elements go to a buffer first, so the list is allocated once at its final size (a page's rows, 10,000 of
        // them, do not grow 4, 8, 16, ...; an empty list has no array at all). The first ones go to the stack: most
        // lists are short, and renting from the shared pool costs a thread-static lookup each way.
#if NET8_0_OR_GREATER
        var inline = default(InlineElements);
        Span<T> elements = inline;
#else
        Span<T> elements = default;
#endif
        T[]? rented = null;
        var count = 0;
        var fits = true;
        while (fits && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == elements.Length)
            {
                elements = Grow(ref rented, elements);
            }

            fits = ReadElement(ref reader, out elements[count]);
            count++;
        }

        if (fits)
        {
            value = ToList(elements.Slice(0, count));
        }

        if (rented != null)
        {
            Array.Clear(rented, 0, count);
            ArrayPool<T>.Shared.Return(rented);
        }

        return fits;
    }

    private static List<T> ToList(Span<T> elements)
    {
        var list = new List<T>(elements.Length);
#if NET8_0_OR_GREATER
        System.Runtime.InteropServices.CollectionsMarshal.SetCount(list, elements.Length);
        elements.CopyTo(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
#else
        foreach (var element in elements)
        {
            list.Add(element);
        }
#endif
        return list;
    }

    /// <summary>Moves the elements read so far to a rented array twice as large (returns the one rented before).</summary>
    private static Span<T> Grow(scoped ref T[]? rented, Span<T> elements)
    {
        var larger = ArrayPool<T>.Shared.Rent(Math.Max(16, elements.Length * 2));
        elements.CopyTo(larger);
        if (rented != null)
        {
            Array.Clear(rented, 0, elements.Length);
            ArrayPool<T>.Shared.Return(rented);
        }

        rented = larger;
        return larger;
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

#if NET8_0_OR_GREATER
    /// <summary>Room on the stack for the first elements of a list (a layout's lists have 0 to 5, a page row 10).</summary>
    [System.Runtime.CompilerServices.InlineArray(16)]
    private struct InlineElements
    {
        private T _first;
    }
#endif
}
