using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace QixGen.Serialization;

/// <summary>
/// Reads and writes a <see cref="List{T}"/> with the element metadata of the same options, so the generated
/// QixApi.JsonOptions serve lists of generated types without reflection (trim and AOT clean; no C# 9 needed
/// in generated code). A JSON null is a null list; a null element is written as null.
/// </summary>
/// <typeparam name="T">The element type; the options must resolve it.</typeparam>
public sealed class QixListConverter<T> : JsonConverter<List<T>>
{
    /// <inheritdoc />
    public override List<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        QixJson.Expect(ref reader, JsonTokenType.StartArray);
        var element = Element(options);
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(JsonSerializer.Deserialize(ref reader, element)!);
        }

        return list;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options)
    {
        var element = Element(options);
        writer.WriteStartArray();
        foreach (var item in value)
        {
            JsonSerializer.Serialize(writer, item, element);
        }

        writer.WriteEndArray();
    }

    private static JsonTypeInfo<T> Element(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
