using System;
using System.ComponentModel;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>A data type's property of a value type (a number, flag, enumeration or free JSON), null when unset.</summary>
/// <typeparam name="TOwner">The data type.</typeparam>
/// <typeparam name="T">The value type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class QixValueProperty<TOwner, T> : QixProperty<TOwner>
    where TOwner : class
    where T : struct
{
    private readonly QixCodec<T> _codec;
    private readonly Func<TOwner, T?> _get;
    private readonly Action<TOwner, T?> _set;

    /// <summary>Describes the property.</summary>
    /// <param name="name">The wire name.</param>
    /// <param name="codec">The codec of the value.</param>
    /// <param name="get">Gets the property.</param>
    /// <param name="set">Sets the property.</param>
    public QixValueProperty(string name, QixCodec<T> codec, Func<TOwner, T?> get, Action<TOwner, T?> set)
        : base(name)
    {
        _codec = codec;
        _get = get;
        _set = set;
    }

    internal override bool MayGiveUpInside => _codec.MayGiveUpInside;

    internal override bool TryRead(ref Utf8JsonReader reader, TOwner owner)
    {
        if (reader.TokenType == JsonTokenType.Null || !_codec.TryRead(ref reader, out var value))
        {
            return false;
        }

        _set(owner, value);
        return true;
    }

    internal override void Clear(TOwner owner) => _set(owner, null);

    internal override bool TryWrite(Utf8JsonWriter writer, TOwner owner)
    {
        if (_get(owner) is not { } value)
        {
            return false;
        }

        writer.WritePropertyName(EncodedName);
        _codec.Write(writer, value);
        return true;
    }
}
