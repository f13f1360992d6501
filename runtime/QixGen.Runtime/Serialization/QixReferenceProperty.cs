using System;
using System.ComponentModel;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>A data type's property of a reference type (text, a data type, a list), null when unset.</summary>
/// <typeparam name="TOwner">The data type.</typeparam>
/// <typeparam name="T">The property type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class QixReferenceProperty<TOwner, T> : QixCodedProperty<TOwner, T, T?>
    where TOwner : class
    where T : class
{
    /// <summary>Describes the property.</summary>
    /// <param name="name">The wire name.</param>
    /// <param name="codec">The codec of the value.</param>
    /// <param name="get">Gets the property.</param>
    /// <param name="set">Sets the property.</param>
    public QixReferenceProperty(string name, QixCodec<T> codec, Func<TOwner, T?> get, Action<TOwner, T?> set)
        : base(name, codec, get, set)
    {
    }

    // Here, not in the base class (where the setter's parameter type is not known): one virtual call per property
    // read, not two.
    internal override bool TryRead(ref Utf8JsonReader reader, TOwner owner) => TryReadValue(ref reader, out var value) && Put(owner, value);

    internal override void Clear(TOwner owner) => _put(owner, null);

    private bool Put(TOwner owner, T value)
    {
        _put(owner, value);
        return true;
    }

    private protected override bool TryGet(TOwner owner, out T value)
    {
        value = _get(owner)!;
        return value is not null;
    }
}
