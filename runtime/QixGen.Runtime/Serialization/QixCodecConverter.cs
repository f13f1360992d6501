using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QixGen.Serialization;

/// <summary>Lets System.Text.Json read and write a type of the bindings with its codec.</summary>
/// <typeparam name="T">The type.</typeparam>
internal sealed class QixCodecConverter<T> : JsonConverter<T>
{
    private readonly QixCodec<T> _codec;

    public QixCodecConverter(QixCodec<T> codec)
    {
        _codec = codec;
    }

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => _codec.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _codec.Write(writer, value);
}
