using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// A property a generated data type knows: its wire name, its codec and how to get and set it. A data type's list
/// of these is all its serialization; <see cref="QixDataCodec{T}"/> reads and writes with it.
/// </summary>
/// <typeparam name="TOwner">The data type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class QixProperty<TOwner>
    where TOwner : class
{
    private protected QixProperty(string name, bool mayGiveUpInside)
    {
        Name = name;
        MayGiveUpInside = mayGiveUpInside;
        // As the writer of engine requests escapes (raw characters): a wire name goes out as the spec spells it.
        EncodedName = JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
    }

    /// <summary>The wire name.</summary>
    public string Name { get; }

    internal JsonEncodedText EncodedName { get; }

    /// <summary>Whether reading may give up inside the value (see <see cref="QixCodec{T}.MayGiveUpInside"/>).</summary>
    internal bool MayGiveUpInside { get; } // a field, not a virtual call per property read

    /// <summary>Reads the value at the reader into the property; false when it does not fit (kept raw by the caller).</summary>
    internal abstract bool TryRead(ref Utf8JsonReader reader, TOwner owner);

    /// <summary>Sets the property to null (its value is kept raw instead).</summary>
    internal abstract void Clear(TOwner owner);

    /// <summary>Writes name and value when the property is set; false when it is null.</summary>
    internal abstract bool TryWrite(Utf8JsonWriter writer, TOwner owner);
}
