using System;
using System.ComponentModel;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// Reads and writes a generated extensible enumeration: any string (known or not) and the engine's numeric
/// constants; written as the text it was read or created with.
/// </summary>
/// <typeparam name="T">The enumeration.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class QixEnumCodec<T> : QixCodec<T>
    where T : struct
{
    private readonly Func<string, T> _fromText;
    private readonly Func<int, T> _fromNumber;
    private readonly Func<T, bool> _isKnown;
    private readonly Func<T, string> _text;

    /// <summary>Creates the codec of an enumeration from its own conversions.</summary>
    /// <param name="fromText">Makes a value from a wire form, a long form or unknown text.</param>
    /// <param name="fromNumber">Makes a value from a numeric constant (an unknown one as its decimal text).</param>
    /// <param name="isKnown">Whether the bindings know a value.</param>
    /// <param name="text">The text a value was read or created with, written back as it is.</param>
    public QixEnumCodec(Func<string, T> fromText, Func<int, T> fromNumber, Func<T, bool> isKnown, Func<T, string> text)
    {
        _fromText = fromText;
        _fromNumber = fromNumber;
        _isKnown = isKnown;
        _text = text;
    }

    internal override string Expected => "a string or a known numeric constant";

    /// <inheritdoc />
    public override bool TryRead(ref Utf8JsonReader reader, out T value)
    {
        var token = QixJson.ReadEnumToken(ref reader, out var text, out var number);
        value = token == QixEnumToken.Text ? _fromText(text!) : token == QixEnumToken.Number ? _fromNumber(number) : default;
        return token == QixEnumToken.Text || (token == QixEnumToken.Number && _isKnown(value));
    }

    /// <summary>Reads an out value: any string, any 32-bit number (an unknown one kept as its text).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public override T Read(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? _fromNumber(QixJson.ReadInt32(ref reader)) : _fromText(QixJson.ReadString(ref reader) ?? string.Empty);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value) => writer.WriteStringValue(_text(value));
}
