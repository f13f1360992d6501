using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// JSON primitives shared by generated converters: the engine's number forms, tolerant integer reads,
/// and the capture of properties a schema does not know.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class QixJson
{
    private static readonly string[] s_asciiLetters = AsciiLetters();

    private static string[] AsciiLetters()
    {
        var letters = new string[0x80];
        for (var i = 0; i < letters.Length; i++)
        {
            letters[i] = ((char)i).ToString();
        }

        return letters;
    }

    /// <summary>
    /// Writer options for everything sent to the engine: raw characters, no HTML escaping
    /// (the engine compares strings such as expressions byte for byte).
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new JsonWriterOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Reader options for engine answers: deep trees (nested pivot and tree data) are legal.</summary>
    public static JsonReaderOptions ReaderOptions { get; } = new JsonReaderOptions { MaxDepth = 512 };

    /// <summary>
    /// Reads a double, accepting the engine's string forms of NaN and the infinities, and (for out values, which
    /// are never written back) a numeric string or the nearest double of a literal no double denotes exactly.
    /// </summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static double ReadDouble(ref Utf8JsonReader reader)
    {
        if (TryReadDouble(ref reader, out var exact))
        {
            return exact;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetDouble(out var nearest):
                return nearest;
            case JsonTokenType.String:
                var text = ReadString(ref reader)!;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                throw new JsonException($"Expected a number, got the string \"{text}\".");
            default:
                throw Unexpected(ref reader, "a number");
        }
    }

    /// <summary>
    /// Reads a double that writes back as the same value: a number literal the double denotes exactly
    /// (<c>-0</c>, <c>1E+300</c>, <c>0.1</c>; not <c>9007199254740993</c> nor <c>1e400</c>), or one of the
    /// strings <c>NaN</c>, <c>Infinity</c>, <c>+Infinity</c>, <c>-Infinity</c>.
    /// </summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="value">The value, when the method returns true.</param>
    /// <returns>Whether the value is a double that loses nothing.</returns>
    public static bool TryReadDouble(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        if (reader.TokenType == JsonTokenType.Number)
        {
            // Plain literals (what engines write) are read and checked without the general parser and formatter
            // where integer arithmetic settles it; the rest, and what that leaves undecided, take the general way.
            var literal = JsonNumberText.Literal(ref reader);
            if (!JsonNumberText.TryScanPlain(literal, out var mantissa, out var scale, out var significant))
            {
                return reader.TryGetDouble(out value) && (JsonNumberText.IsShortPlain(literal) || JsonNumberText.IsExactDouble(literal, value));
            }

            if (JsonNumberText.TryDivide(mantissa, scale, out value))
            {
                value = literal[0] == (byte)'-' ? -value : value;
            }
            else if (!reader.TryGetDouble(out value))
            {
                return false;
            }

            // Every double's shortest form has at most 17 digits: a literal of more is not the one written back.
            return significant <= 15
                || (significant <= 17 && (JsonNumberText.IsShortest(mantissa, scale, Math.Abs(value)) ?? JsonNumberText.IsExactDouble(literal, value)));
        }

        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false; // the engine writes its three names plainly; an escaped spelling (maybe a lone surrogate) is kept as it came
        }

        if (reader.ValueTextEquals("NaN"u8))
        {
            value = double.NaN;
        }
        else if (reader.ValueTextEquals("Infinity"u8) || reader.ValueTextEquals("+Infinity"u8))
        {
            value = double.PositiveInfinity;
        }
        else if (reader.ValueTextEquals("-Infinity"u8))
        {
            value = double.NegativeInfinity;
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>Writes a double; NaN and the infinities as the strings the engine uses.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value))
        {
            writer.WriteStringValue("NaN");
        }
        else if (double.IsPositiveInfinity(value))
        {
            writer.WriteStringValue("Infinity");
        }
        else if (double.IsNegativeInfinity(value))
        {
            writer.WriteStringValue("-Infinity");
        }
        else
        {
#if NET
            writer.WriteNumberValue(value);
#else
            // The shortest form that reads back, as on .NET (the package's own formatting writes 17 digits here).
            writer.WriteRawValue(JsonNumberText.FormatDouble(value), skipInputValidation: true);
#endif
        }
    }

    /// <summary>Reads a 32-bit integer; an integral number written with a fraction or exponent is accepted.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static int ReadInt32(ref Utf8JsonReader reader) =>
        TryReadInt32(ref reader, out var value) ? value : throw Unexpected(ref reader, "a 32-bit integer");

    /// <summary>Reads a 32-bit integer whose literal has exactly an integer value in range (<c>7</c>, <c>7.0</c>, <c>7e0</c>).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="value">The value, when the method returns true.</param>
    /// <returns>Whether the token is such a number.</returns>
    public static bool TryReadInt32(ref Utf8JsonReader reader, out int value)
    {
        var fits = TryReadInt64(ref reader, out var wide) && wide >= int.MinValue && wide <= int.MaxValue;
        value = fits ? (int)wide : 0;
        return fits;
    }

    /// <summary>Reads a 64-bit integer; an integral number written with a fraction or exponent is accepted.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static long ReadInt64(ref Utf8JsonReader reader) =>
        TryReadInt64(ref reader, out var value) ? value : throw Unexpected(ref reader, "a 64-bit integer");

    /// <summary>Reads a 64-bit integer whose literal has exactly an integer value in range.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="value">The value, when the method returns true.</param>
    /// <returns>Whether the token is such a number.</returns>
    public static bool TryReadInt64(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }

        return reader.TryGetInt64(out value) || JsonNumberText.TryGetIntegral(JsonNumberText.Literal(ref reader), out value);
    }

    /// <summary>Reads an 8-bit signed integer.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static sbyte ReadSByte(ref Utf8JsonReader reader)
    {
        var value = ReadInt32(ref reader);
        if (value < sbyte.MinValue || value > sbyte.MaxValue)
        {
            throw new JsonException($"The value {value} does not fit an 8-bit signed integer.");
        }

        return (sbyte)value;
    }

    /// <summary>Reads an 8-bit unsigned integer (an element of the schema's <c>integer:byte</c> arrays).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static byte ReadByte(ref Utf8JsonReader reader) =>
        TryReadByte(ref reader, out var value) ? value : throw Unexpected(ref reader, "a byte (0 to 255)");

    /// <summary>Reads an 8-bit unsigned integer whose literal has exactly an integer value from 0 to 255.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="value">The value, when the method returns true.</param>
    /// <returns>Whether the token is such a number.</returns>
    public static bool TryReadByte(ref Utf8JsonReader reader, out byte value)
    {
        value = 0;
        if (!TryReadInt32(ref reader, out var number) || number < byte.MinValue || number > byte.MaxValue)
        {
            return false;
        }

        value = (byte)number;
        return true;
    }

    /// <summary>Reads a boolean.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static bool ReadBoolean(ref Utf8JsonReader reader) =>
        TryReadBoolean(ref reader, out var value) ? value : throw Unexpected(ref reader, "true or false");

    /// <summary>Reads a boolean.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="value">The value, when the method returns true.</param>
    /// <returns>Whether the token is <c>true</c> or <c>false</c>.</returns>
    public static bool TryReadBoolean(ref Utf8JsonReader reader, out bool value)
    {
        value = reader.TokenType == JsonTokenType.True;
        return value || reader.TokenType == JsonTokenType.False;
    }

    /// <summary>Reads a string (null stays null).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        return TryReadString(ref reader, out var value)
            ? value
            : throw (reader.TokenType == JsonTokenType.String
                ? new JsonException($"The string at byte {reader.TokenStartIndex} is not valid UTF-16 (a lone surrogate escape).")
                : Unexpected(ref reader, "a string"));
    }

    /// <summary>
    /// Reads a string that a .NET string can carry and write back: every escape is fine except a lone surrogate
    /// (<c>\ud800</c>), which no valid UTF-16 text holds.
    /// </summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="value">The value, when the method returns true.</param>
    /// <returns>Whether the token is such a string.</returns>
    public static bool TryReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        // One-letter values (a cell's qState "S", "O", "X") are one shared string each, not a new one per value.
        if (!reader.HasValueSequence && !reader.ValueIsEscaped && reader.ValueSpan.Length <= 1)
        {
            var span = reader.ValueSpan;
            if (span.Length == 0)
            {
                value = string.Empty;
                return true;
            }

            if (span[0] < 0x80)
            {
                value = s_asciiLetters[span[0]];
                return true;
            }
        }

        try
        {
            value = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // the reader refuses to decode a lone surrogate escape
        }
    }

    /// <summary>Reads the token of an enumeration value: a string (any, known or not) or a 32-bit integer constant.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="text">The string, for <see cref="QixEnumToken.Text"/>.</param>
    /// <param name="number">The number, for <see cref="QixEnumToken.Number"/>.</param>
    /// <returns>Which of the two the token is, or <see cref="QixEnumToken.Other"/> (kept raw by the caller).</returns>
    public static QixEnumToken ReadEnumToken(ref Utf8JsonReader reader, out string? text, out int number)
    {
        number = 0;
        if (TryReadString(ref reader, out text))
        {
            return QixEnumToken.Text;
        }

        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out number) ? QixEnumToken.Number : QixEnumToken.Other;
    }

    /// <summary>Reads any JSON value as a detached <see cref="JsonElement"/>.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static JsonElement ReadElement(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

    /// <summary>A JSON <c>null</c>, e.g. to send an explicit null through a data type's <c>RawProperties</c>.</summary>
    public static JsonElement Null { get; } = ParseNull();

    /// <summary>
    /// Writes a <see cref="JsonElement"/> as its raw text, byte for byte (escapes and number spellings as they came);
    /// an undefined element is written as <c>null</c>.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteElement(Utf8JsonWriter writer, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);
        }
    }

    /// <summary>Keeps a property the schema does not know, so that writing the object back loses nothing.</summary>
    /// <param name="reader">The reader, on the property's value.</param>
    /// <param name="name">The property name.</param>
    /// <param name="additional">The object's bag of unknown properties, created on first use.</param>
    public static void ReadAdditional(ref Utf8JsonReader reader, string name, ref IDictionary<string, JsonElement>? additional)
    {
        additional ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        additional[name] = JsonElement.ParseValue(ref reader);
    }

    /// <summary>Writes the properties kept by <see cref="ReadAdditional"/>.</summary>
    /// <param name="writer">The writer, inside the object.</param>
    /// <param name="additional">The bag of unknown properties.</param>
    public static void WriteAdditional(Utf8JsonWriter writer, IDictionary<string, JsonElement>? additional)
    {
        if (additional is null)
        {
            return;
        }

        foreach (var pair in additional)
        {
            writer.WritePropertyName(pair.Key);
            WriteElement(writer, pair.Value);
        }
    }

    /// <summary>
    /// Reads an ObjectInterface (<c>{qType, qHandle, qGenericType, qGenericId}</c>). Returns null when the engine
    /// gave no handle (older engines answer an unknown object id that way).
    /// </summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The reference, or null.</returns>
    public static Objects.QixObjectReference? ReadObjectReference(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject);
        string? type = null;
        string? genericType = null;
        string? genericId = null;
        int? handle = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("qType"u8))
            {
                reader.Read();
                type = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("qHandle"u8))
            {
                reader.Read();
                handle = reader.TokenType == JsonTokenType.Null ? null : ReadInt32(ref reader);
            }
            else if (reader.ValueTextEquals("qGenericType"u8))
            {
                reader.Read();
                genericType = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("qGenericId"u8))
            {
                reader.Read();
                genericId = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return handle is { } h ? new Objects.QixObjectReference(type ?? string.Empty, h, genericType, genericId) : null;
    }

    /// <summary>A value as compact JSON text, written by its codec (what generated types print in <c>ToString()</c>).</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="codec">The codec.</param>
    /// <param name="value">The value.</param>
    /// <returns>The JSON text.</returns>
    internal static string ToJsonText<T>(QixCodec<T> codec, T value)
    {
        var buffer = new PooledBufferWriter(256);
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                codec.Write(writer, value);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan.ToArray());
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private static JsonElement ParseNull()
    {
        using var document = JsonDocument.Parse("null");
        return document.RootElement.Clone();
    }

    /// <summary>Throws unless the reader stands on <paramref name="expected"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="expected">The token type required here.</param>
    public static void Expect(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        if (reader.TokenType != expected)
        {
            throw Unexpected(ref reader, expected == JsonTokenType.StartObject ? "an object" : expected == JsonTokenType.StartArray ? "an array" : expected.ToString());
        }
    }

    /// <summary>Creates the error for a value of the wrong kind.</summary>
    /// <param name="reader">The reader, on the offending token.</param>
    /// <param name="expected">What was expected, in words.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException Unexpected(ref Utf8JsonReader reader, string expected) =>
        new JsonException($"Expected {expected}, got {reader.TokenType} at byte {reader.TokenStartIndex}.");
}
