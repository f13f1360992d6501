using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// Reads the value of a property a data type knows, or keeps it raw. Generated readers call these on the property
/// name token: each moves to the value and returns it typed when the C# type holds it without loss; otherwise
/// (an explicit <c>null</c>, <c>1.5</c> or <c>2^63</c> in an integer, <c>9007199254740993</c> in a double, a lone
/// surrogate escape in a string, a value of another JSON kind) it returns null and keeps the value's raw JSON under
/// the wire name in the object's <c>RawProperties</c>, which the generated writer sends back while the typed
/// property is null. See docs/reliability.md, "Round trips".
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class QixKnownProperty
{
    // Cached once: a static method group would allocate a delegate per call in older C#.
    private static readonly TryRead<bool> s_boolean = QixJson.TryReadBoolean;
    private static readonly TryRead<int> s_int32 = QixJson.TryReadInt32;
    private static readonly TryRead<long> s_int64 = QixJson.TryReadInt64;
    private static readonly TryRead<byte> s_byte = QixJson.TryReadByte;
    private static readonly TryRead<double> s_double = QixJson.TryReadDouble;

    private delegate bool TryRead<T>(ref Utf8JsonReader reader, out T value);

    /// <summary>Reads a string property, or keeps it raw.</summary>
    /// <param name="reader">The reader, on the property name; left on the value's last token.</param>
    /// <param name="name">The wire name.</param>
    /// <param name="raw">The object's raw properties, created on first use.</param>
    /// <returns>The value, or null when kept raw.</returns>
    public static string? ReadString(ref Utf8JsonReader reader, string name, ref IDictionary<string, JsonElement>? raw)
    {
        reader.Read();
        if (QixJson.TryReadString(ref reader, out var value))
        {
            return value;
        }

        Keep(ref reader, name, ref raw);
        return null;
    }

    /// <summary>Reads a boolean property, or keeps it raw.</summary>
    /// <param name="reader">The reader, on the property name; left on the value's last token.</param>
    /// <param name="name">The wire name.</param>
    /// <param name="raw">The object's raw properties, created on first use.</param>
    /// <returns>The value, or null when kept raw.</returns>
    public static bool? ReadBoolean(ref Utf8JsonReader reader, string name, ref IDictionary<string, JsonElement>? raw) =>
        Read(ref reader, name, ref raw, s_boolean);

    /// <summary>Reads a 32-bit integer property, or keeps it raw.</summary>
    /// <param name="reader">The reader, on the property name; left on the value's last token.</param>
    /// <param name="name">The wire name.</param>
    /// <param name="raw">The object's raw properties, created on first use.</param>
    /// <returns>The value, or null when kept raw.</returns>
    public static int? ReadInt32(ref Utf8JsonReader reader, string name, ref IDictionary<string, JsonElement>? raw) =>
        Read(ref reader, name, ref raw, s_int32);

    /// <summary>Reads a 64-bit integer property, or keeps it raw.</summary>
    /// <param name="reader">The reader, on the property name; left on the value's last token.</param>
    /// <param name="name">The wire name.</param>
    /// <param name="raw">The object's raw properties, created on first use.</param>
    /// <returns>The value, or null when kept raw.</returns>
    public static long? ReadInt64(ref Utf8JsonReader reader, string name, ref IDictionary<string, JsonElement>? raw) =>
        Read(ref reader, name, ref raw, s_int64);

    /// <summary>Reads an 8-bit unsigned integer property, or keeps it raw.</summary>
    /// <param name="reader">The reader, on the property name; left on the value's last token.</param>
    /// <param name="name">The wire name.</param>
    /// <param name="raw">The object's raw properties, created on first use.</param>
    /// <returns>The value, or null when kept raw.</returns>
    public static byte? ReadByte(ref Utf8JsonReader reader, string name, ref IDictionary<string, JsonElement>? raw) =>
        Read(ref reader, name, ref raw, s_byte);

    /// <summary>Reads a double property, or keeps it raw (see <see cref="QixJson.TryReadDouble"/>).</summary>
    /// <param name="reader">The reader, on the property name; left on the value's last token.</param>
    /// <param name="name">The wire name.</param>
    /// <param name="raw">The object's raw properties, created on first use.</param>
    /// <returns>The value, or null when kept raw.</returns>
    public static double? ReadDouble(ref Utf8JsonReader reader, string name, ref IDictionary<string, JsonElement>? raw) =>
        Read(ref reader, name, ref raw, s_double);

    /// <summary>Reads a free-form JSON property; only an explicit null is kept raw.</summary>
    /// <param name="reader">The reader, on the property name; left on the value's last token.</param>
    /// <param name="name">The wire name.</param>
    /// <param name="raw">The object's raw properties, created on first use.</param>
    /// <returns>The value, or null when kept raw.</returns>
    public static JsonElement? ReadElement(ref Utf8JsonReader reader, string name, ref IDictionary<string, JsonElement>? raw)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.Null)
        {
            return QixJson.ReadElement(ref reader);
        }

        Keep(ref reader, name, ref raw);
        return null;
    }

    /// <summary>
    /// Moves to the value; true when it starts an object or array as <paramref name="start"/> says (the caller then
    /// reads it), otherwise keeps it raw and returns false.
    /// </summary>
    /// <param name="reader">The reader, on the property name; left on the value's first token, or its last when kept.</param>
    /// <param name="start"><see cref="JsonTokenType.StartObject"/> or <see cref="JsonTokenType.StartArray"/>.</param>
    /// <param name="name">The wire name.</param>
    /// <param name="raw">The object's raw properties, created on first use.</param>
    /// <returns>Whether the caller reads the value.</returns>
    public static bool Starts(ref Utf8JsonReader reader, JsonTokenType start, string name, ref IDictionary<string, JsonElement>? raw)
    {
        reader.Read();
        if (reader.TokenType == start)
        {
            return true;
        }

        Keep(ref reader, name, ref raw);
        return false;
    }

    private static T? Read<T>(ref Utf8JsonReader reader, string name, ref IDictionary<string, JsonElement>? raw, TryRead<T> tryRead)
        where T : struct
    {
        reader.Read();
        if (tryRead(ref reader, out var value))
        {
            return value;
        }

        Keep(ref reader, name, ref raw);
        return null;
    }

    /// <summary>Keeps the value the reader stands on, raw, under <paramref name="name"/>.</summary>
    /// <param name="reader">The reader, on the value's first token; left on its last.</param>
    /// <param name="name">The wire name.</param>
    /// <param name="raw">The object's raw properties, created on first use.</param>
    public static void Keep(ref Utf8JsonReader reader, string name, ref IDictionary<string, JsonElement>? raw)
    {
        raw ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        raw[name] = JsonElement.ParseValue(ref reader);
    }

    /// <summary>
    /// Keeps a whole value raw after a typed read gave up half way (a list with an element its type cannot hold):
    /// the reader goes back to <paramref name="start"/>, the property name, and the value is kept from there.
    /// </summary>
    /// <typeparam name="T">The property's type.</typeparam>
    /// <param name="reader">The reader, anywhere inside the value; left on the value's last token.</param>
    /// <param name="start">A copy of the reader taken on the property name.</param>
    /// <param name="name">The wire name.</param>
    /// <param name="raw">The object's raw properties, created on first use.</param>
    /// <returns>Null, for the typed property.</returns>
    public static T? KeepFrom<T>(ref Utf8JsonReader reader, Utf8JsonReader start, string name, ref IDictionary<string, JsonElement>? raw)
        where T : class
    {
        reader = start;
        reader.Read();
        Keep(ref reader, name, ref raw);
        return null;
    }

    /// <summary>Writes the raw value kept under <paramref name="name"/>, if any, byte for byte.</summary>
    /// <param name="writer">The writer, inside the object.</param>
    /// <param name="raw">The object's raw properties.</param>
    /// <param name="name">The wire name.</param>
    public static void WriteRaw(Utf8JsonWriter writer, IDictionary<string, JsonElement> raw, string name)
    {
        if (raw.TryGetValue(name, out var value))
        {
            writer.WritePropertyName(name);
            QixJson.WriteElement(writer, value);
        }
    }
}
