using System.ComponentModel;

namespace QixGen.Serialization;

/// <summary>What <see cref="QixJson.ReadEnumToken"/> found where an enumeration value was expected.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum QixEnumToken
{
    /// <summary>Neither a string nor a 32-bit integer.</summary>
    Other,

    /// <summary>A string: a wire form, a long form, or a value this binding does not know.</summary>
    Text,

    /// <summary>A 32-bit integer: maybe one of the engine's numeric constants.</summary>
    Number,
}
