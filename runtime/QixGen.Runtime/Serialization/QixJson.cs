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

    /// <summary>Reads a double, accepting the engine's string forms of NaN and the infinities.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static double ReadDouble(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.GetDouble();
            case JsonTokenType.String:
                var text = reader.GetString()!;
                switch (text)
                {
                    case "NaN": return double.NaN;
                    case "Infinity":
                    case "+Infinity": return double.PositiveInfinity;
                    case "-Infinity": return double.NegativeInfinity;
                }

                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                throw new JsonException($"Expected a number, got the string \"{text}\".");
            default:
                throw Unexpected(ref reader, "a number");
        }
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
            writer.WriteNumberValue(value);
        }
    }

    /// <summary>Reads a 32-bit integer; an integral number written with a fraction or exponent is accepted.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static int ReadInt32(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt32(out var value))
            {
                return value;
            }

            var d = reader.GetDouble();
            if (d >= int.MinValue && d <= int.MaxValue && Math.Floor(d) == d)
            {
                return (int)d;
            }
        }

        throw Unexpected(ref reader, "a 32-bit integer");
    }

    /// <summary>Reads a 64-bit integer; an integral number written with a fraction or exponent is accepted.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static long ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var value))
            {
                return value;
            }

            var d = reader.GetDouble();
            if (d >= long.MinValue && d <= long.MaxValue && Math.Floor(d) == d)
            {
                return (long)d;
            }
        }

        throw Unexpected(ref reader, "a 64-bit integer");
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
    public static byte ReadByte(ref Utf8JsonReader reader)
    {
        var value = ReadInt32(ref reader);
        if (value < byte.MinValue || value > byte.MaxValue)
        {
            throw new JsonException($"The value {value} does not fit a byte.");
        }

        return (byte)value;
    }

    /// <summary>Reads a boolean.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static bool ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Unexpected(ref reader, "true or false"),
    };

    /// <summary>Reads a string (null stays null).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw Unexpected(ref reader, "a string"),
    };

    /// <summary>Reads any JSON value as a detached <see cref="JsonElement"/>.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static JsonElement ReadElement(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

    /// <summary>Writes a <see cref="JsonElement"/>; an undefined element is written as <c>null</c>.</summary>
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
            value.WriteTo(writer);
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
