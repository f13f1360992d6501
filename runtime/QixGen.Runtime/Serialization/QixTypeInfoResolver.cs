using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace QixGen.Serialization;

/// <summary>
/// Serialization metadata for the types of generated bindings, the primitives their out values use, and lists of
/// them one and two levels deep (<c>List&lt;DocListEntry&gt;</c>, <c>List&lt;List&lt;NxCell&gt;&gt;</c>), all read
/// and written by their codecs: no reflection, trim and AOT clean. Filled once by the generated <c>QixApi</c>, then
/// only read (safe for concurrent readers).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class QixTypeInfoResolver : IJsonTypeInfoResolver
{
    private readonly Dictionary<Type, Func<JsonSerializerOptions, JsonTypeInfo>> _types = new Dictionary<Type, Func<JsonSerializerOptions, JsonTypeInfo>>();

    /// <summary>Creates a resolver that knows the primitives.</summary>
    public QixTypeInfoResolver()
    {
        Add(QixCodecs.String).Add(QixCodecs.Boolean).Add(QixCodecs.Int32).Add(QixCodecs.Int64)
            .Add(QixCodecs.Double).Add(QixCodecs.Byte).Add(QixCodecs.Element);
    }

    /// <summary>Adds a type, and lists and lists of lists of it.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="codec">Its codec.</param>
    /// <returns>This resolver.</returns>
    public QixTypeInfoResolver Add<T>(QixCodec<T> codec)
    {
        _types[typeof(T)] = options => Info(options, codec);
        _types[typeof(List<T>)] = options => Info(options, QixListCodec.Of(codec));
        _types[typeof(List<List<T>>)] = options => Info(options, QixListCodec.Of(QixListCodec.Of(codec)));
        return this;
    }

    /// <inheritdoc />
    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
        _types.TryGetValue(type, out var create) ? create(options) : null;

    private static JsonTypeInfo Info<T>(JsonSerializerOptions options, QixCodec<T> codec) =>
        JsonMetadataServices.CreateValueInfo<T>(options, new QixCodecConverter<T>(codec));
}
