using System.ComponentModel;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>The codecs of the JSON primitives the schema uses (see <see cref="QixJson"/> for the number rules).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class QixCodecs
{
    /// <summary>Strings: any text a .NET string can carry; a lone surrogate escape does not fit.</summary>
    public static QixCodec<string> String { get; } = new StringCodec();

    /// <summary><c>true</c> and <c>false</c>.</summary>
    public static QixCodec<bool> Boolean { get; } = new BooleanCodec();

    /// <summary>32-bit integers, also written with a fraction or exponent when the value is integral.</summary>
    public static QixCodec<int> Int32 { get; } = new Int32Codec();

    /// <summary>64-bit integers, as <see cref="Int32"/>.</summary>
    public static QixCodec<long> Int64 { get; } = new Int64Codec();

    /// <summary>Integers from 0 to 255 (<c>integer:byte</c>).</summary>
    public static QixCodec<byte> Byte { get; } = new ByteCodec();

    /// <summary>Doubles that write back as they came, and the strings <c>NaN</c> and <c>Infinity</c>.</summary>
    public static QixCodec<double> Double { get; } = new DoubleCodec();

    /// <summary>Free JSON, kept as a detached element (a null too: only properties keep an explicit null raw).</summary>
    public static QixCodec<JsonElement> Element { get; } = new ElementCodec();

    private sealed class StringCodec : QixCodec<string>
    {
        internal override string Expected => "a string";

        public override bool TryRead(ref Utf8JsonReader reader, out string value)
        {
            var read = QixJson.TryReadString(ref reader, out var text);
            value = text!;
            return read;
        }

        public override string Read(ref Utf8JsonReader reader) => QixJson.ReadString(ref reader) ?? string.Empty;

        public override void Write(Utf8JsonWriter writer, string value) => writer.WriteStringValue(value);

        public override string Empty() => string.Empty;
    }

    private sealed class BooleanCodec : QixCodec<bool>
    {
        internal override string Expected => "true or false";

        public override bool TryRead(ref Utf8JsonReader reader, out bool value) => QixJson.TryReadBoolean(ref reader, out value);

        public override void Write(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);
    }

    private sealed class Int32Codec : QixCodec<int>
    {
        internal override string Expected => "a 32-bit integer";

        public override bool TryRead(ref Utf8JsonReader reader, out int value) => QixJson.TryReadInt32(ref reader, out value);

        public override void Write(Utf8JsonWriter writer, int value) => writer.WriteNumberValue(value);
    }

    private sealed class Int64Codec : QixCodec<long>
    {
        internal override string Expected => "a 64-bit integer";

        public override bool TryRead(ref Utf8JsonReader reader, out long value) => QixJson.TryReadInt64(ref reader, out value);

        public override void Write(Utf8JsonWriter writer, long value) => writer.WriteNumberValue(value);
    }

    private sealed class ByteCodec : QixCodec<byte>
    {
        internal override string Expected => "a byte (0 to 255)";

        public override bool TryRead(ref Utf8JsonReader reader, out byte value) => QixJson.TryReadByte(ref reader, out value);

        public override void Write(Utf8JsonWriter writer, byte value) => writer.WriteNumberValue(value);
    }

    private sealed class DoubleCodec : QixCodec<double>
    {
        internal override string Expected => "a number";

        public override bool TryRead(ref Utf8JsonReader reader, out double value) => QixJson.TryReadDouble(ref reader, out value);

        public override double Read(ref Utf8JsonReader reader) => QixJson.ReadDouble(ref reader);

        public override void Write(Utf8JsonWriter writer, double value) => QixJson.WriteDouble(writer, value);
    }

    private sealed class ElementCodec : QixCodec<JsonElement>
    {
        internal override string Expected => "a JSON value";

        public override bool TryRead(ref Utf8JsonReader reader, out JsonElement value)
        {
            value = QixJson.ReadElement(ref reader);
            return true;
        }

        public override void Write(Utf8JsonWriter writer, JsonElement value) => QixJson.WriteElement(writer, value);
    }
}
