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
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":{\"id\":1,\"result\":{\"qReturn\":\"smuggled\"}},\"params\":{}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":[{\"id\":1}],\"params\":{}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":2,\"delta\":{\"id\":1,\"result\":{\"qReturn\":\"smuggled\"}},\"result\":{\"qReturn\":\"two\"}}")]
    public void Members_inside_a_method_or_delta_that_is_not_a_scalar_are_not_read_as_the_envelope(string text)
    {
        // The envelope reads only its own members: an object where a string or boolean belongs is skipped whole.
        AssertSameEnvelope(Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_frame_whose_method_is_an_object_cannot_answer_a_call_with_the_members_inside_it()
    {
        var (session, engine) = ScriptedEngine.Start((request, self) =>
        {
            var id = request.GetProperty("id").GetInt32();
            self.SendAsync($"{{\"jsonrpc\":\"2.0\",\"method\":{{\"id\":{id},\"result\":{{\"qReturn\":\"smuggled\"}}}},\"params\":{{}}}}").AsTask().Wait();
            return EchoCalls.Echo(request);
        });
        await using (engine)
        await using (session)
        {
            Assert.Equal("real", await EchoCalls.Call(session, "Echo", "real").WaitAsync(TimeSpan.FromMinutes(2)));
        }
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
    [InlineData("{\"qReturn\":[\"good\"}]")] // bracket kinds crossed: counted as balanced, a full reader refuses them
    [InlineData("{\"qReturn\":\"good\"]")]
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

    [Fact]
    public void Generated_frames_with_any_spacing_escapes_and_nesting_parse_as_a_full_reader_parses_them()
    {
        // Differential fuzz of the whole envelope: JSON white space of all four kinds around every token and colon,
        // members in any order, escape runs and multi-byte text crossing 16-byte blocks at every alignment, nesting
        // up to 500 levels. CI: 3,000 frames; QIXGEN_FUZZ_LONG=1: 300,000; QIXGEN_ENVELOPE_FUZZ_FRAMES and
        // QIXGEN_ENVELOPE_FUZZ_SEED set the count and seed.
        var frames = int.TryParse(Environment.GetEnvironmentVariable("QIXGEN_ENVELOPE_FUZZ_FRAMES"), out var n) ? n
            : Environment.GetEnvironmentVariable("QIXGEN_FUZZ_LONG") == "1" ? 300_000 : 3000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("QIXGEN_ENVELOPE_FUZZ_SEED"), out var s) ? s : 1130;
        var random = new Random(seed);
        for (var i = 0; i < frames; i++)
        {
            var text = FuzzEnvelope(random);
            var frame = Encoding.UTF8.GetBytes(text);
            try
            {
                AssertSameEnvelope(frame);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"Frame {i} (seed {seed}) parsed differently: {e.Message}\n{text}");
            }
        }
    }

    [Theory]
    [InlineData("{\"id\":1,\"result\":{\"qReturn\":[}],\"id\":2,\"result\":{\"qReturn\":\"smuggled\"}}")]
    [InlineData("{\"id\":1,\"id\":2,\"result\":{}}")]
    [InlineData("{\"id\":1,\"result\":{},\"result\":{}}")]
    [InlineData("{\"method\":\"OnConnected\",\"params\":{},\"params\":[]}")]
    [InlineData("{\"id\":1,\"result\":{},\"change\":[1],\"change\":[2]}")]
    public void A_repeated_envelope_member_makes_the_frame_malformed(string text)
    {
        // Results are measured, not read: without this, a malformed first result followed by a second id and
        // result would answer another call with the second.
        Assert.ThrowsAny<JsonException>(() => FrameParser.Parse(Encoding.UTF8.GetBytes(text)));
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
        Assert.Equal(reference.Close, parsed.Close);
        Assert.Equal(reference.Suspend, parsed.Suspend);
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
                case "close":
                    parsed.Close = reader.TokenType == JsonTokenType.StartArray ? JsonSerializer.Deserialize<List<int>>(ref reader) : null;
                    break;
                case "suspend":
                    parsed.Suspend = reader.TokenType == JsonTokenType.StartArray ? JsonSerializer.Deserialize<List<int>>(ref reader) : null;
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

    private static string FuzzEnvelope(Random random)
    {
        var members = new List<string> { Member(random, "jsonrpc", "\"2.0\"") };
        if (random.Next(3) == 0)
        {
            members.Add(Member(random, "method", "\"On" + random.Next(100) + "\""));
            members.Add(Member(random, "params", FuzzValue(random, 0, container: true)));
        }
        else
        {
            members.Add(Member(random, "id", random.Next(-5, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            members.Add(Member(random, "result", FuzzValue(random, 0, container: random.Next(8) != 0)));
        }

        if (random.Next(2) == 0)
        {
            members.Add(Member(random, "delta", random.Next(2) == 0 ? "true" : "false"));
        }

        foreach (var list in new[] { "change", "close", "suspend" })
        {
            if (random.Next(3) == 0)
            {
                members.Add(Member(random, list, "[" + string.Join("," + Space(random), Enumerable.Range(0, random.Next(4)).Select(_ => random.Next(1000))) + Space(random) + "]"));
            }
        }

        if (random.Next(3) == 0)
        {
            members.Add(Member(random, "x" + random.Next(10), FuzzValue(random, 0, container: false)));
        }

        var shuffled = members.OrderBy(_ => random.Next()).ToList();
        return Space(random) + "{" + string.Join(",", shuffled) + Space(random) + "}" + Space(random);
    }

    private static string Member(Random random, string name, string value) =>
        Space(random) + "\"" + name + "\"" + Space(random) + ":" + Space(random) + value + Space(random);

    /// <summary>JSON white space only (space, tab, LF, CR), often none.</summary>
    private static string Space(Random random) =>
        random.Next(3) != 0 ? "" : new string(Enumerable.Range(0, random.Next(1, 20)).Select(_ => " \t\n\r"[random.Next(4)]).ToArray());

    private static string FuzzValue(Random random, int depth, bool container)
    {
        if (container && random.Next(40) == 0)
        {
            // A deep, narrow chain (the reference reader allows 512 levels with the frame's own).
            var levels = random.Next(50, 500);
            var open = new StringBuilder();
            var close = new StringBuilder();
            for (var l = 0; l < levels; l++)
            {
                var isObject = random.Next(2) == 0;
                open.Append(isObject ? "{" + FuzzString(random) + ":" : "[").Append(Space(random));
                close.Insert(0, isObject ? "}" : "]");
            }

            return open + FuzzString(random) + close;
        }

        if (container || (depth < 6 && random.Next(3) == 0))
        {
            var isObject = random.Next(2) == 0;
            var items = Enumerable.Range(0, random.Next(0, depth > 3 ? 2 : 6)).Select(_ =>
                Space(random) + (isObject ? FuzzString(random) + Space(random) + ":" + Space(random) : "") + FuzzValue(random, depth + 1, container: false) + Space(random));
            return (isObject ? "{" : "[") + string.Join(",", items) + Space(random) + (isObject ? "}" : "]");
        }

        return random.Next(5) switch
        {
            0 => (random.NextDouble() * Math.Pow(10, random.Next(-5, 20)) * (random.Next(2) == 0 ? -1 : 1)).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            1 => random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" },
            _ => FuzzString(random),
        };
    }

    /// <summary>A JSON string of escape runs, escaped quotes, unicode escapes, brackets and multi-byte text.</summary>
    private static string FuzzString(Random random)
    {
        var text = new StringBuilder("\"");
        var parts = random.Next(0, random.Next(10) == 0 ? 60 : 8);
        for (var p = 0; p < parts; p++)
        {
            switch (random.Next(10))
            {
                case 0:
                    text.Append('\\', 2 * random.Next(1, 24)); // a run of escaped backslashes
                    break;
                case 1:
                    text.Append('\\', 2 * random.Next(0, 8)).Append("\\\""); // backslashes, then an escaped quote
                    break;
                case 2:
                    text.Append(random.Next(4) switch { 0 => "\\u005C", 1 => "\\u0022", 2 => "\\u007B", _ => "\\ud83d\\ude00" });
                    break;
                case 3:
                    text.Append(random.Next(4) switch { 0 => "\\n", 1 => "\\/", 2 => "\\t", _ => "\\b" });
                    break;
                case 4:
                    text.Append("{[]}"[random.Next(4)], random.Next(1, 5));
                    break;
                case 5:
                    text.Append(random.Next(3) switch { 0 => "é", 1 => "漢字", _ => "😀" });
                    break;
                default:
                    text.Append('a', random.Next(1, 20)).Append(random.Next(3) == 0 ? ", :" : "");
                    break;
            }
        }

        return text.Append('"').ToString();
    }

    private static string RandomString(Random random)
    {
        const string Alphabet = "ab{}[]\",:\\ é";
        var text = new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
        return JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
