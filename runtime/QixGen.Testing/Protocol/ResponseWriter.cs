using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QixGen.Testing.Protocol;

/// <summary>Writes response and notification frames in the engine's key order.</summary>
internal static class ResponseWriter
{
    private static readonly JsonWriterOptions s_options = new JsonWriterOptions
    {
        // The engine never HTML-escapes; keep non-ASCII text readable too.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Result(JsonNode? id, JsonObject result, IReadOnlyCollection<int> change, IReadOnlyCollection<int> close, bool delta = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_options))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            WriteId(writer, id);
            if (delta)
            {
                // The engine marks a response whose out values are patches (clients check it, as enigma.js does).
                writer.WriteBoolean("delta", true);
            }

            writer.WritePropertyName("result");
            result.WriteTo(writer);
            WriteHandles(writer, "change", change);
            WriteHandles(writer, "close", close);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static byte[] Error(JsonNode? id, int code, string parameter, string message)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_options))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            WriteId(writer, id);
            writer.WriteStartObject("error");
            writer.WriteNumber("code", code);
            writer.WriteString("parameter", parameter);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static byte[] Notification(string method, JsonObject parameters)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_options))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteString("method", method);
            writer.WritePropertyName("params");
            parameters.WriteTo(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteId(Utf8JsonWriter writer, JsonNode? id)
    {
        writer.WritePropertyName("id");
        if (id is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            id.WriteTo(writer);
        }
    }

    private static void WriteHandles(Utf8JsonWriter writer, string name, IReadOnlyCollection<int> handles)
    {
        if (handles.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var handle in handles)
        {
            writer.WriteNumberValue(handle);
        }

        writer.WriteEndArray();
    }
}
