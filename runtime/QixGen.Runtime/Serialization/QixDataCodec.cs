using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// Reads and writes a generated data type from its list of properties: a known name is found with one hash probe
/// and read by its property's codec (a value that does not fit is kept in <see cref="QixDataObject.RawProperties"/>);
/// an unknown name lands in <see cref="QixDataObject.AdditionalProperties"/>. Writes set properties in the schema's
/// order (a kept raw value while the property is null), then the additional ones.
/// </summary>
/// <typeparam name="T">The data type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class QixDataCodec<T> : QixCodec<T>
    where T : QixDataObject, new()
{
    private readonly Func<T> _create;
    private readonly Func<QixProperty<T>[]> _describe;
    private Table? _table;

    /// <summary>Creates the codec of a data type.</summary>
    /// <param name="describe">
    /// Lists the type's properties. Called on first use, not here, so types that contain each other (a tree node's
    /// children) can name each other's codecs in their static fields.
    /// </param>
    public QixDataCodec(Func<QixProperty<T>[]> describe)
        : this(static () => new T(), describe)
    {
    }

    /// <summary>Creates the codec of a data type with its constructor.</summary>
    /// <param name="create">Creates an empty value: <c>new T()</c> in shared generic code goes through the runtime's activator, a delegate to the type's own constructor does not.</param>
    /// <param name="describe">Lists the type's properties (see <see cref="QixDataCodec{T}(Func{QixProperty{T}[]})"/>).</param>
    public QixDataCodec(Func<T> create, Func<QixProperty<T>[]> describe)
    {
        _create = create;
        _describe = describe;
    }

    internal override string Expected => "an object";

    /// <summary>The properties, in the schema's order.</summary>
    public IReadOnlyList<QixProperty<T>> Properties => Describe().Properties;

    /// <inheritdoc />
    public override bool TryRead(ref Utf8JsonReader reader, out T value)
    {
        value = null!;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        value = ReadObject(ref reader);
        return true;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value)
    {
        var raw = value.RawProperties;
        writer.WriteStartObject();
        foreach (var property in Describe().Properties)
        {
            if (!property.TryWrite(writer, value) && raw != null)
            {
                QixKnownProperty.WriteRaw(writer, raw, property.Name);
            }
        }

        QixJson.WriteAdditional(writer, value.AdditionalProperties);
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override T Empty() => _create();

    /// <summary>The value as compact JSON, for <c>ToString()</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(T value) => QixJson.ToJsonText(this, value);

    private T ReadObject(ref Utf8JsonReader reader)
    {
        var table = Describe();
        var value = _create();
        IDictionary<string, JsonElement>? additional = null;
        IDictionary<string, JsonElement>? raw = null;
        var names = table.Names;
        var previous = names.Start;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = names.Find(ref reader, ref previous);
            if (index < 0)
            {
                var name = reader.GetString()!;
                reader.Read();
                QixJson.ReadAdditional(ref reader, name, ref additional);
                continue;
            }

            var property = table.Properties[index];
            if (property.MayGiveUpInside)
            {
                ReadWhole(ref reader, property, value, ref raw);
            }
            else
            {
                reader.Read();
                if (!property.TryRead(ref reader, value))
                {
                    property.Clear(value); // a repeated name: the last value counts
                    QixKnownProperty.Keep(ref reader, property.Name, ref raw);
                }
            }
        }

        if (additional != null || raw != null)
        {
            value.Set(additional, raw);
        }

        return value;
    }

    /// <summary>Reads a value that may not fit half way (a list): then goes back to the name and keeps it whole, raw.</summary>
    private static void ReadWhole(ref Utf8JsonReader reader, QixProperty<T> property, T value, ref IDictionary<string, JsonElement>? raw)
    {
        var start = reader;
        reader.Read();
        if (!property.TryRead(ref reader, value))
        {
            reader = start;
            reader.Read();
            property.Clear(value);
            QixKnownProperty.Keep(ref reader, property.Name, ref raw);
        }
    }

    private Table Describe() => _table ??= new Table(_describe());

    private sealed class Table
    {
        public Table(QixProperty<T>[] properties)
        {
            Properties = properties;
            var names = new string[properties.Length];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = properties[i].Name;
            }

            Names = new QixPropertyNames(names);
        }

        public QixProperty<T>[] Properties { get; }

        public QixPropertyNames Names { get; }
    }
}
