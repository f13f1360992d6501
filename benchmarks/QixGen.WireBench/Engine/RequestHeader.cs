using System;
using System.Text.Json;

namespace QixGen.WireBench.Engine;

/// <summary>What the canned engine reads of a request: id (raw JSON), method, handle, delta and a first string parameter.</summary>
internal readonly struct RequestHeader
{
    private RequestHeader(byte[] id, string method, int handle, bool delta, string? firstParameter)
    {
        Id = id;
        Method = method;
        Handle = handle;
        Delta = delta;
        FirstParameter = firstParameter;
    }

    /// <summary>The id as it was written (a number, or a string with its quotes), spliced back into the answer.</summary>
    public byte[] Id { get; }

    public string Method { get; }

    public int Handle { get; }

    public bool Delta { get; }

    public string? FirstParameter { get; }

    public static RequestHeader Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        byte[] id = Array.Empty<byte>();
        string method = "";
        var handle = 0;
        var delta = false;
        string? first = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A request is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String ? Quoted(reader.ValueSpan) : reader.ValueSpan.ToArray();
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                reader.Read();
                method = reader.GetString() ?? "";
            }
            else if (reader.ValueTextEquals("handle"u8))
            {
                reader.Read();
                handle = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                delta = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    var depth = reader.CurrentDepth;
                    if (reader.Read() && reader.TokenType == JsonTokenType.String)
                    {
                        first = reader.GetString();
                    }

                    while (!(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth) && reader.Read())
                    {
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new RequestHeader(id, method, handle, delta, first);
    }

    private static byte[] Quoted(ReadOnlySpan<byte> text)
    {
        var quoted = new byte[text.Length + 2];
        quoted[0] = (byte)'"';
        text.CopyTo(quoted.AsSpan(1));
        quoted[^1] = (byte)'"';
        return quoted;
    }
}
