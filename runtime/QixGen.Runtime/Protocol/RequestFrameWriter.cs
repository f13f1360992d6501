using System;
using System.Text.Json;
using QixGen.Serialization;

namespace QixGen.Protocol;

/// <summary>Writes request frames: <c>{"jsonrpc":"2.0","id":N,"method":"M","handle":H,"params":[...]}</c>.</summary>
internal static class RequestFrameWriter
{
    private static readonly JsonEncodedText s_jsonrpc = JsonEncodedText.Encode("jsonrpc");
    private static readonly JsonEncodedText s_version = JsonEncodedText.Encode("2.0");
    private static readonly JsonEncodedText s_id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText s_method = JsonEncodedText.Encode("method");
    private static readonly JsonEncodedText s_handle = JsonEncodedText.Encode("handle");
    private static readonly JsonEncodedText s_params = JsonEncodedText.Encode("params");
    private static readonly JsonEncodedText s_delta = JsonEncodedText.Encode("delta");
    private static readonly PooledBufferWriter s_detached = new PooledBufferWriter(0);

    /// <summary>One JSON writer per thread, pointed at each frame's buffer in turn: a call allocates no writer.</summary>
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static PooledBufferWriter Write(int id, QixRequest request, bool delta)
    {
        var buffer = new PooledBufferWriter(128 + request.Parameters.Length + request.Method.Length);
        var writer = t_writer;
        if (writer is null)
        {
            t_writer = writer = new Utf8JsonWriter(buffer, QixJson.WriterOptions);
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            writer.WriteStartObject();
            writer.WriteString(s_jsonrpc, s_version);
            writer.WriteNumber(s_id, id);
            writer.WriteString(s_method, request.Method);
            writer.WriteNumber(s_handle, request.Handle);
            if (delta)
            {
                writer.WriteBoolean(s_delta, true);
            }

            writer.WritePropertyName(s_params);
            if (request.Parameters.IsEmpty)
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteRawValue(request.Parameters.Span, skipInputValidation: true);
            }

            writer.WriteEndObject();
            writer.Flush();
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        finally
        {
            // Let go of the frame's buffer (it leaves with the caller); nothing is ever written to the placeholder.
            writer.Reset(s_detached);
        }

        return buffer;
    }
}
