using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// Reads and writes <see cref="List{T}"/> with an element codec. A null element of a reference type is kept as
/// null; any other element that does not fit makes the whole list not fit (a property then keeps it raw).
/// A new list gets the count of the last list of its type read on the thread (<see cref="QixListCapacity{TList}"/>).
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

        var list = new List<T>(QixListCapacity<List<T>>.Last);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (s_elementsMayBeNull && reader.TokenType == JsonTokenType.Null)
            {
                list.Add(default!);
            }
            else if (_element.TryRead(ref reader, out var item))
            {
                list.Add(item);
            }
            else
            {
                return false;
            }
        }

        QixListCapacity<List<T>>.Last = list.Count;
        value = list;
        return true;
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
