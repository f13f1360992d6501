using System;
using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// Writes a call's positional parameters as a JSON array. Generated proxies rent one per call on the
/// calling thread, write the arguments, and take the finished bytes with <see cref="Complete"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class QixParamsWriter
{
    [ThreadStatic]
    private static QixParamsWriter? t_cached;

    private static readonly byte[] s_emptyArray = { (byte)'[', (byte)']' };

    private readonly PooledBufferWriter _buffer = new PooledBufferWriter(512);
    private readonly Utf8JsonWriter _writer;

    private QixParamsWriter()
    {
        _writer = new Utf8JsonWriter(_buffer, QixJson.WriterOptions);
    }

    /// <summary>The parameters of a call without parameters: <c>[]</c>.</summary>
    public static ReadOnlyMemory<byte> Empty => s_emptyArray;

    /// <summary>The JSON writer, positioned inside the parameter array.</summary>
    public Utf8JsonWriter Json => _writer;

    /// <summary>Takes this thread's writer, reset and with the array opened.</summary>
    /// <returns>The writer.</returns>
    public static QixParamsWriter Rent()
    {
        var writer = t_cached ?? new QixParamsWriter();
        t_cached = null;
        writer._buffer.Clear();
        writer._writer.Reset(writer._buffer);
        writer._writer.WriteStartArray();
        return writer;
    }

    /// <summary>Closes the array, copies the bytes out and gives the writer back to this thread.</summary>
    /// <returns>The parameter array's UTF-8 bytes, owned by the caller.</returns>
    public ReadOnlyMemory<byte> Complete()
    {
        _writer.WriteEndArray();
        _writer.Flush();
        var bytes = _buffer.WrittenSpan.ToArray();
        if (_buffer.WrittenCount <= 64 * 1024)
        {
            t_cached = this;
        }

        return bytes;
    }
}
