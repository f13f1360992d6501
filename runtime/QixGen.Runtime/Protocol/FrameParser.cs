using System;
using System.Collections.Generic;
using System.Text.Json;
using QixGen.Serialization;

namespace QixGen.Protocol;

/// <summary>The parts of one incoming JSON-RPC frame the session dispatches on (offsets into the frame).</summary>
internal struct ParsedFrame
{
    public int? Id;
    public string? Method;
    public int ResultStart;
    public int ResultLength;
    public int ParamsStart;
    public int ParamsLength;
    public bool HasError;
    public int ErrorCode;
    public string? ErrorMessage;
    public string? ErrorParameter;
    public List<int>? Change;
    public List<int>? Close;
    public List<int>? Suspend;
    public bool Delta;

    public bool HasResult => ResultLength > 0;
}

/// <summary>Reads the envelope of a frame in one pass; the result itself is left for the caller to decode.</summary>
internal static class FrameParser
{
    /// <summary>A reader's state just after a member's value inside the frame object (where the envelope goes on after a skipped value).</summary>
    private static readonly JsonReaderState AfterMemberValue = StateAfterMemberValue();

    /// <exception cref="JsonException">The frame is not a JSON-RPC object.</exception>
    public static ParsedFrame Parse(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame, QixJson.ReaderOptions);
        var parsed = default(ParsedFrame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A frame must be a JSON object.");
        }

        // Where the reader's positions start in the frame: it is recreated after each value measured by extent.
        var offset = 0;
        // The envelope members met so far. A repeated one makes the frame ambiguous (which id, which result?): with
        // results measured rather than read, a malformed result followed by a second id and result could otherwise
        // answer another call. The engine never repeats a member.
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                Once(ref seen, 1, "id");
                reader.Read();
                parsed.Id = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var id) ? id : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                Once(ref seen, 2, "result");
                (parsed.ResultStart, parsed.ResultLength) = SkipValue(frame, ref reader, ref offset);
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                Once(ref seen, 4, "method");
                reader.Read();
                parsed.Method = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                // A method that is an object or array is skipped whole: its members are not the envelope's.
                reader.Skip();
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                Once(ref seen, 8, "params");
                (parsed.ParamsStart, parsed.ParamsLength) = SkipValue(frame, ref reader, ref offset);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                Once(ref seen, 16, "error");
                reader.Read();
                ReadError(ref reader, ref parsed);
            }
            else if (reader.ValueTextEquals("change"u8))
            {
                Once(ref seen, 32, "change");
                reader.Read();
                parsed.Change = ReadHandles(ref reader);
            }
            else if (reader.ValueTextEquals("close"u8))
            {
                Once(ref seen, 64, "close");
                reader.Read();
                parsed.Close = ReadHandles(ref reader);
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                Once(ref seen, 128, "delta");
                reader.Read();
                parsed.Delta = reader.TokenType == JsonTokenType.True;
                reader.Skip(); // as for method
            }
            else if (reader.ValueTextEquals("suspend"u8))
            {
                Once(ref seen, 256, "suspend");
                reader.Read();
                parsed.Suspend = ReadHandles(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("The frame object is not closed.");
        }

        return parsed;
    }

    private static void Once(ref int seen, int member, string name)
    {
        if ((seen & member) != 0)
        {
            throw new JsonException($"The frame has more than one \"{name}\" member.");
        }

        seen |= member;
    }

    /// <summary>
    /// Skips the value of the member the reader stands on and returns where it is in the frame. An object or array
    /// is measured by <see cref="JsonValueExtent"/> (its tokens are read later, by whoever decodes it) and the reader
    /// is recreated after it; anything else is read as usual.
    /// </summary>
    private static (int Start, int Length) SkipValue(ReadOnlySpan<byte> frame, ref Utf8JsonReader reader, ref int offset)
    {
        // The reader has consumed the name and its colon: the value starts after white space.
        var start = offset + (int)reader.BytesConsumed;
        while (start < frame.Length && frame[start] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            start++;
        }

        if (start < frame.Length && frame[start] is (byte)'{' or (byte)'[')
        {
            var end = JsonValueExtent.FindEnd(frame, start);
            if (end < 0)
            {
                throw new JsonException("A value of the frame is not closed.");
            }

            reader = new Utf8JsonReader(frame.Slice(end), isFinalBlock: true, AfterMemberValue);
            offset = end;
            return (start, end - start);
        }

        reader.Read();
        var tokenStart = offset + (int)reader.TokenStartIndex;
        reader.Skip();
        return (tokenStart, offset + (int)reader.BytesConsumed - tokenStart);
    }

    private static JsonReaderState StateAfterMemberValue()
    {
        var reader = new Utf8JsonReader("{\"a\":\"\""u8, isFinalBlock: false, new JsonReaderState(QixJson.ReaderOptions));
        reader.Read();
        reader.Read();
        reader.Read();
        return reader.CurrentState;
    }

    /// <summary>
    /// Finds the top-level <c>"id":N</c> near the start of a frame that cannot be parsed whole (malformed or
    /// oversized): null when the frame's members up to that id cannot be read. Members before it are stepped over
    /// whole, so an <c>"id"</c> inside them (a nested object's, or in a string) never names the call: failing a call
    /// the frame does not answer would hurt a bystander and still leave the answered call waiting.
    /// </summary>
    public static int? SniffId(ReadOnlySpan<byte> head)
    {
        var reader = new Utf8JsonReader(head, isFinalBlock: false, new JsonReaderState(QixJson.ReaderOptions));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isId)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var id) ? id : null;
                }

                if (!reader.TrySkip())
                {
                    return null; // the member's value runs past what was kept
                }
            }
        }
        catch (JsonException)
        {
            // Broken before the id: which call it answers cannot be known.
        }

        return null;
    }

    private static void ReadError(ref Utf8JsonReader reader, ref ParsedFrame parsed)
    {
        parsed.HasError = true;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            parsed.ErrorMessage = "The engine sent an error that is not an object.";
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                parsed.ErrorCode = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code) ? code : 0;
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                parsed.ErrorMessage = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("parameter"u8))
            {
                reader.Read();
                parsed.ErrorParameter = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }
    }

    private static List<int>? ReadHandles(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var handles = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var handle))
            {
                handles.Add(handle);
            }
            else
            {
                reader.Skip();
            }
        }

        return handles;
    }
}
