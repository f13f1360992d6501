using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using QixGen.Protocol;
using QixGen.Runtime.Tests.Reliability;
using QixGen.Serialization;
using Xunit;

namespace QixGen.Runtime.Tests.Protocol;

/// <summary>
/// The envelope parser measures a frame's <c>result</c> and <c>params</c> without reading their tokens
/// (<see cref="JsonValueExtent"/>): it must find exactly the extent a full reader finds, for any string content
/// (brackets, quotes and backslashes inside strings, runs of backslashes, values across 16-byte blocks).
/// </summary>
public sealed class FrameEnvelopeTests
{
    [Fact]
    public void The_extent_of_generated_values_is_where_a_full_reader_ends_them()
    {
        var random = new Random(20261130);
        for (var n = 0; n < 3000; n++)
        {
            var value = RandomContainer(random, depth: 0);
            var padded = Encoding.UTF8.GetBytes(new string(' ', random.Next(0, 20)) + value + " ,\"x\":1}");
            var start = Array.FindIndex(padded, b => b is (byte)'{' or (byte)'[');
            Assert.Equal(ReaderEnd(padded, start), JsonValueExtent.FindEnd(padded, start));
        }
    }

    [Fact]
    public void The_length_of_any_valid_value_is_where_a_full_reader_ends_it()
    {
        var random = new Random(1130);
        for (var n = 0; n < 3000; n++)
        {
            var value = RandomValue(random, depth: 0);
            foreach (var after in new[] { ",", "}", "]", " ", "\n", "" })
            {
                // The generated value is exact JSON without surrounding white space: its length is its byte count.
                Assert.Equal(Encoding.UTF8.GetByteCount(value), JsonValueExtent.LengthOfValid(Encoding.UTF8.GetBytes(value + after)));
            }
        }
    }

    [Theory]
    [InlineData("{\"a\":\"}\"}")]
    [InlineData("[\"\\\\\",\"]\"]")]
    [InlineData("{\"a\\\"}\":[1,{\"b\":\"\\\\\\\"]\"}]}")]
    [InlineData("{\"0123456789abcd\":\"\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\",\"k\":[[[[[[[[[[]]]]]]]]]]}")]
    [InlineData("[\"é漢字😀{[\",{}]")]
    public void Brackets_and_escapes_inside_strings_do_not_count(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json + "   tail");
        Assert.Equal(ReaderEnd(bytes, 0), JsonValueExtent.FindEnd(bytes, 0));
        for (var cut = 1; cut < Encoding.UTF8.GetByteCount(json); cut++)
        {
            // Cut short: never ends inside what is left (the value is not closed).
            Assert.Equal(-1, JsonValueExtent.FindEnd(bytes.AsSpan(0, cut), 0));
        }
    }

    [SharedTrafficFact]
    public void Every_frame_of_the_recorded_session_parses_as_a_full_reader_parses_it()
    {
        using var traffic = JsonDocument.Parse(File.ReadAllBytes(TestPaths.TrafficFile));
        var frames = 0;
        foreach (var entry in traffic.RootElement.EnumerateArray())
        {
            foreach (var side in entry.EnumerateObject())
            {
                foreach (var spacing in new[] { false, true })
                {
                    var frame = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(side.Value, new JsonSerializerOptions { WriteIndented = spacing }));
                    AssertSameEnvelope(frame);
                    frames++;
                }
            }
        }

        Assert.True(frames >= 20, $"{frames} frames");
    }

    [Fact]
    public void Frames_with_members_around_a_measured_result_keep_every_member()
    {
        var frame = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":7,\"delta\":true,\"result\":{\"qLayout\":[{\"op\":\"replace\",\"path\":\"/a\",\"value\":\"}]\"}]},\"change\":[1,2],\"close\":[3],\"suspend\":[4]}");
        var parsed = FrameParser.Parse(frame);
        Assert.Equal(7, parsed.Id);
        Assert.True(parsed.Delta);
        Assert.Equal(new[] { 1, 2 }, parsed.Change);
        Assert.Equal(new[] { 3 }, parsed.Close);
        Assert.Equal(new[] { 4 }, parsed.Suspend);
        Assert.Equal("{\"qLayout\":[{\"op\":\"replace\",\"path\":\"/a\",\"value\":\"}]\"}]}", Encoding.UTF8.GetString(frame, parsed.ResultStart, parsed.ResultLength));
        AssertSameEnvelope(frame);
    }

    [Theory]
    [InlineData("{\"id\":1,\"result\":{\"a\":1}")] // the frame object is not closed
    [InlineData("{\"id\":1,\"result\":{\"a\":[1}}")] // the result is not closed
    [InlineData("{\"id\":1,\"result\":{\"a\":1},}")] // trailing comma
    [InlineData("{\"id\":1,\"result\":{\"a\":1}\"change\":[1]}")] // missing comma
    public void A_malformed_envelope_is_a_JsonException(string text)
    {
        Assert.ThrowsAny<JsonException>(() => FrameParser.Parse(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("{\"qReturn\":tru}")]
    [InlineData("{\"qReturn\":\"a\" \"b\"}")]
    [InlineData("{\"qReturn\":[1,,2]}")]
    public async System.Threading.Tasks.Task A_result_malformed_inside_balanced_brackets_fails_its_call_and_only_that_call(string result)
    {
        var (session, engine) = ScriptedEngine.Start((request, _) =>
            request.GetProperty("params")[0].GetString() == "bad" ? ScriptedEngine.Result(request, result) : EchoCalls.Echo(request));
        await using (engine)
        await using (session)
        {
            var bound = TimeSpan.FromMinutes(2);
            await Assert.ThrowsAsync<QixGen.Errors.QixProtocolException>(() => EchoCalls.Call(session, "Echo", "bad").WaitAsync(bound));
            Assert.Equal("good", await EchoCalls.Call(session, "Echo", "good").WaitAsync(bound));
        }
    }

    /// <summary>The new parser against the reader-only reference: same id, members and offsets.</summary>
    private static void AssertSameEnvelope(byte[] frame)
    {
        var parsed = FrameParser.Parse(frame);
        var reference = ReferenceParse(frame);
        Assert.Equal(reference.Id, parsed.Id);
        Assert.Equal(reference.Method, parsed.Method);
        Assert.Equal((reference.ResultStart, reference.ResultLength), (parsed.ResultStart, parsed.ResultLength));
        Assert.Equal((reference.ParamsStart, reference.ParamsLength), (parsed.ParamsStart, parsed.ParamsLength));
        Assert.Equal(reference.Delta, parsed.Delta);
        Assert.Equal(reference.HasError, parsed.HasError);
        Assert.Equal(reference.Change, parsed.Change);
    }

    private static ParsedFrame ReferenceParse(byte[] frame)
    {
        var reader = new Utf8JsonReader(frame, QixJson.ReaderOptions);
        var parsed = default(ParsedFrame);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            switch (name)
            {
                case "id":
                    parsed.Id = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var id) ? id : null;
                    break;
                case "method":
                    parsed.Method = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    break;
                case "delta":
                    parsed.Delta = reader.TokenType == JsonTokenType.True;
                    break;
                case "error":
                    parsed.HasError = true;
                    break;
                case "change":
                    parsed.Change = reader.TokenType == JsonTokenType.StartArray ? JsonSerializer.Deserialize<List<int>>(ref reader) : null;
                    break;
            }

            reader.Skip();
            var length = (int)reader.BytesConsumed - start;
            if (name == "result")
            {
                (parsed.ResultStart, parsed.ResultLength) = (start, length);
            }
            else if (name == "params")
            {
                (parsed.ParamsStart, parsed.ParamsLength) = (start, length);
            }
        }

        return parsed;
    }

    private static int ReaderEnd(byte[] json, int start)
    {
        var reader = new Utf8JsonReader(json.AsSpan(start), new JsonReaderOptions { MaxDepth = 1000 });
        reader.Read();
        reader.Skip();
        return start + (int)reader.BytesConsumed;
    }

    private static string RandomContainer(Random random, int depth)
    {
        var count = random.Next(0, depth > 6 ? 1 : 6);
        var isObject = random.Next(2) == 0;
        var items = Enumerable.Range(0, count).Select(_ => (isObject ? RandomString(random) + ":" : "") + RandomValue(random, depth + 1));
        return isObject ? "{" + string.Join(",", items) + "}" : "[" + string.Join(",", items) + "]";
    }

    private static string RandomValue(Random random, int depth) => random.Next(6) switch
    {
        0 or 1 => RandomContainer(random, depth),
        2 => random.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        3 => random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" },
        _ => RandomString(random),
    };

    private static string RandomString(Random random)
    {
        const string Alphabet = "ab{}[]\",:\\ é";
        var text = new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
        return JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
