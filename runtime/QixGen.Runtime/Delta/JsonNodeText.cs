using System.Text.Json;
using System.Text.Json.Nodes;
using QixGen.Serialization;

namespace QixGen.Delta;

/// <summary>Reading and writing <see cref="JsonNode"/> trees as UTF-8 JSON.</summary>
internal static class JsonNodeText
{
    /// <summary>Engine values nest deeply (pivot and tree data); the same limit the session reads answers with.</summary>
    private static readonly JsonDocumentOptions DocumentOptions = new JsonDocumentOptions { MaxDepth = 512 };

    /// <summary>Parses UTF-8 JSON; JSON <c>null</c> is <see langword="null"/>. Throws <see cref="JsonException"/> when malformed.</summary>
    public static JsonNode? Parse(System.ReadOnlySpan<byte> utf8Json) =>
        JsonNode.Parse(utf8Json, nodeOptions: null, documentOptions: DocumentOptions);

    /// <summary>Writes <paramref name="node"/> as compact UTF-8 JSON into a new array.</summary>
    public static byte[] ToUtf8(JsonNode? node)
    {
        using var buffer = new PooledBufferWriter(1024);
        using (var writer = new Utf8JsonWriter(buffer, QixJson.WriterOptions))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }
}
