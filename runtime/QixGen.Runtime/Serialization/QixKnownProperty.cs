using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// The raw side of a data type's known properties: a value the property's C# type cannot hold without loss (an
/// explicit <c>null</c>, <c>1.5</c> or <c>2^63</c> in an integer, <c>9007199254740993</c> in a double, a lone
/// surrogate escape in a string, a value of another JSON kind) is kept as raw JSON under its wire name in the
/// object's <c>RawProperties</c>, and written back while the typed property is null. See docs/reliability.md,
/// "Round trips".
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class QixKnownProperty
{
    /// <summary>Keeps the value the reader stands on, raw, under <paramref name="name"/>.</summary>
    /// <param name="reader">The reader, on the value's first token; left on its last.</param>
    /// <param name="name">The wire name.</param>
    /// <param name="raw">The object's raw properties, created on first use.</param>
    public static void Keep(ref Utf8JsonReader reader, string name, ref IDictionary<string, JsonElement>? raw)
    {
        raw ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        raw[name] = JsonElement.ParseValue(ref reader);
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
