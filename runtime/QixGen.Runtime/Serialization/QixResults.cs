using System.ComponentModel;
using System.Text;
using System.Text.Json;
using QixGen.Objects;
using QixGen.Protocol;

namespace QixGen.Serialization;

/// <summary>
/// Result readers of calls with one out value, built from the value's wire name and codec: generated proxies hold
/// one per method in a static field.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class QixResults
{
    /// <summary>Reads the out value <paramref name="name"/>; a missing or null one is the codec's empty value.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="name">The wire name.</param>
    /// <param name="codec">The codec.</param>
    /// <returns>The reader.</returns>
    public static QixResultReader<T> Value<T>(string name, QixCodec<T> codec) => new ValueReader<T>(name, codec).Read;

    /// <summary>Reads the object handle <paramref name="name"/> as a proxy; a missing one is an error.</summary>
    /// <typeparam name="TObject">The proxy type.</typeparam>
    /// <param name="name">The wire name.</param>
    /// <param name="factory">Creates the proxy.</param>
    /// <param name="missing">The message of the <see cref="Errors.QixObjectNotFoundException"/> when the engine gave no handle.</param>
    /// <returns>The reader.</returns>
    public static QixResultReader<TObject> Object<TObject>(string name, QixObjectFactory<TObject> factory, string missing)
        where TObject : QixObject => new ObjectReader<TObject>(name, factory, missing).Read;

    /// <summary>Moves the reader to the value of <paramref name="name"/>; false when the object ends without it.</summary>
    /// <param name="reader">The reader, on the result object's start; on the value when true, on the object's end otherwise.</param>
    /// <param name="name">The wire name, UTF-8.</param>
    /// <returns>Whether the value was found.</returns>
    private static bool Seek(ref Utf8JsonReader reader, byte[] name)
    {
        QixJson.Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = reader.ValueTextEquals(name);
            reader.Read();
            if (found)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>Skips what follows the value up to the result object's end.</summary>
    private static void SkipRest(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            reader.Read();
            reader.Skip();
        }
    }

    private sealed class ValueReader<T>
    {
        private readonly byte[] _name;
        private readonly QixCodec<T> _codec;

        public ValueReader(string name, QixCodec<T> codec)
        {
            _name = Encoding.UTF8.GetBytes(name);
            _codec = codec;
        }

        public T Read(ref Utf8JsonReader reader, IQixSession session)
        {
            if (!Seek(ref reader, _name))
            {
                return _codec.Empty();
            }

            var value = reader.TokenType == JsonTokenType.Null ? _codec.Empty() : _codec.Read(ref reader);
            SkipRest(ref reader);
            return value;
        }
    }

    private sealed class ObjectReader<TObject>
        where TObject : QixObject
    {
        private readonly byte[] _name;
        private readonly QixObjectFactory<TObject> _factory;
        private readonly string _missing;

        public ObjectReader(string name, QixObjectFactory<TObject> factory, string missing)
        {
            _name = Encoding.UTF8.GetBytes(name);
            _factory = factory;
            _missing = missing;
        }

        public TObject Read(ref Utf8JsonReader reader, IQixSession session)
        {
            if (!Seek(ref reader, _name) || QixJson.ReadObjectReference(ref reader) is not { } reference)
            {
                throw new Errors.QixObjectNotFoundException(_missing);
            }

            SkipRest(ref reader);
            return session.GetOrCreateObject(reference, _factory);
        }
    }
}
