using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// Reads and writes one C# type of the bindings as the engine's JSON. Generated data types, enumerations and
/// result readers name the codecs of their values; the runtime does the reading and writing. Instances are immutable
/// once built and shared by all threads.
/// </summary>
/// <typeparam name="T">The C# type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class QixCodec<T>
{
    /// <summary>
    /// The <see cref="QixListCodec{T}"/> built on this codec (see <see cref="QixListCodec.Of{T}"/>). Typed as object on
    /// purpose: a member of this class that named <c>QixListCodec&lt;T&gt;</c> would, under Native AOT's shared
    /// generics, put <c>QixListCodec&lt;List&lt;T&gt;&gt;</c> in the dictionary of every list codec, and so on without end.
    /// </summary>
    internal object? ListCodec;

    /// <summary>
    /// Whether <see cref="TryRead"/> may give up after it moved the reader (a list with an element that does not
    /// fit): the caller then keeps a copy of the reader to go back to.
    /// </summary>
    internal virtual bool MayGiveUpInside => false;

    /// <summary>What the value is, in words, for errors.</summary>
    internal abstract string Expected { get; }

    /// <summary>
    /// Reads the value at the reader's token when <typeparamref name="T"/> holds it without loss; false otherwise
    /// (an explicit null, a value of another kind or out of range), and the caller keeps the value raw.
    /// </summary>
    /// <param name="reader">The reader, on the value's first token; left on its last token when true.</param>
    /// <param name="value">The value, when the method returns true.</param>
    /// <returns>Whether the value was read.</returns>
    public abstract bool TryRead(ref Utf8JsonReader reader, out T value);

    /// <summary>
    /// Reads an out value, which is never written back: as <see cref="TryRead"/>, and where a codec is lenient
    /// (a double from a numeric string) that too; throws <see cref="JsonException"/> for anything else.
    /// </summary>
    /// <param name="reader">The reader, on the value's first token; left on its last.</param>
    /// <returns>The value.</returns>
    public virtual T Read(ref Utf8JsonReader reader) =>
        TryRead(ref reader, out var value) ? value : throw QixJson.Unexpected(ref reader, Expected);

    /// <summary>Writes a value.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value (not null).</param>
    public abstract void Write(Utf8JsonWriter writer, T value);

    /// <summary>What a missing out value decodes to: empty text, an empty object or list, zero.</summary>
    /// <returns>The value.</returns>
    public virtual T Empty() => default!;
}
