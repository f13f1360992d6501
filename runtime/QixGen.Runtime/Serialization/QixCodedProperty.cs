using System;
using System.ComponentModel;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// Reading and writing of a property through its codec; subclasses only say how the owner holds the value
/// (a nullable value type or a nullable reference).
/// </summary>
/// <typeparam name="TOwner">The data type.</typeparam>
/// <typeparam name="T">The value's type (not nullable).</typeparam>
/// <typeparam name="TProperty">The property's type (nullable).</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class QixCodedProperty<TOwner, T, TProperty> : QixProperty<TOwner>
    where TOwner : class
{
    // Fields, not properties: the read of every property goes through them (see the subclasses' TryRead).
    private protected readonly QixCodec<T> _codec;
    private protected readonly Func<TOwner, TProperty> _get;
    private protected readonly Action<TOwner, TProperty> _put;

    private protected QixCodedProperty(string name, QixCodec<T> codec, Func<TOwner, TProperty> get, Action<TOwner, TProperty> set)
        : base(name, codec.MayGiveUpInside)
    {
        _codec = codec;
        _get = get;
        _put = set;
    }

    /// <summary>Reads the value at the reader with the codec; false for an explicit null or a value that does not fit.</summary>
    private protected bool TryReadValue(ref Utf8JsonReader reader, out T value)
    {
        value = default!;
        return reader.TokenType != JsonTokenType.Null && _codec.TryRead(ref reader, out value);
    }

    internal override bool TryWrite(Utf8JsonWriter writer, TOwner owner)
    {
        if (!TryGet(owner, out var value))
        {
            return false;
        }

        writer.WritePropertyName(EncodedName);
        _codec.Write(writer, value);
        return true;
    }

    private protected abstract bool TryGet(TOwner owner, out T value);
}
