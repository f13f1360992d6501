using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>A request the fuzzed session sent and is waiting on.</summary>
internal sealed record PendingRequest(int Id, string Method, string Argument);

/// <summary>
/// Builds receive-path fuzz scripts: frames derived from the real recorded session (mutated field by field and
/// byte by byte), wrong JSON types for every envelope field, invalid UTF-8, lone surrogates, huge and unknown ids,
/// duplicate answers, broken delta patches, deep nesting and plain noise. Deterministic for a given Random.
/// </summary>
internal sealed class FrameFuzzer
{
    /// <summary>Values of the wrong type (or range) for any field.</summary>
    private static readonly string[] s_wrongValues =
    [
        "null", "true", "false", "0", "-0", "1", "-1", "1.5", "1e400", "-1e400", "1E+2", "0.0000001",
        "2147483647", "2147483648", "-2147483649", "9223372036854775808", "123456789012345678901234567890",
        "\"\"", "\"x\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"SESSION_CREATED\"", "\"1\"",
        "[]", "[1,\"a\",null]", "[2147483648]", "[-1,0,1,1]", "[[[[[]]]]]", "{}", "{\"a\":[{}]}", "{\"qSessionState\":1}",
    ];

    private static readonly string[] s_fields =
    [
        "id", "jsonrpc", "method", "params", "result", "error", "change", "close", "suspend", "delta",
        "error.code", "error.message", "error.parameter", "params.qSessionState", "result.qReturn",
        "result.qReturn.qHandle", "result.qReturn.qType", "result.qReturn.qGenericId", "result.qLayout",
    ];

    private static readonly string[] s_methods = ["OnConnected", "OnAuthenticationInformation", "OnSessionTimedOut", "OnEngineWebsocketFailed", "OnMaxParallelSessionsExceeded", "", "\u2028", "OnConnected\u0000"];

    private const string WrongPlaceholder = "\"@@wrong@@\"";
    private readonly string[] _recorded;

    public FrameFuzzer(IEnumerable<string> recordedFrames) => _recorded = recordedFrames.ToArray();

    public int RecordedCount => _recorded.Length;

    /// <summary>The frames the engine sent in a recording (its "Received" entries), compact.</summary>
    public static FrameFuzzer FromTrafficFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var frames = new List<string>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.TryGetProperty("Received", out var received))
            {
                frames.Add(JsonSerializer.Serialize(received));
            }
        }

        return new FrameFuzzer(frames);
    }

    public static string Answer(PendingRequest request) => request.Method == "OpenDoc"
        ? $"{{\"jsonrpc\":\"2.0\",\"id\":{request.Id},\"result\":{{\"qReturn\":{{\"qType\":\"Doc\",\"qHandle\":1,\"qGenericId\":\"app\"}}}}}}"
        : $"{{\"jsonrpc\":\"2.0\",\"id\":{request.Id},\"result\":{{\"qReturn\":{JsonSerializer.Serialize(request.Argument)}}}}}";

    /// <summary>A script of 2 to 9 frames for the pending <paramref name="requests"/>.</summary>
    public List<FuzzFrame> Script(Random random, IReadOnlyList<PendingRequest> requests)
    {
        var frames = new List<FuzzFrame>();
        var count = random.Next(2, 10);
        for (var i = 0; i < count; i++)
        {
            foreach (var payload in Frames(random, requests))
            {
                var shape = Shape(random);
                if (shape != WireShape.Binary && !IsUtf8(payload) && random.Next(3) != 0)
                {
                    // A WebSocket client drops the connection on a text message that is not UTF-8; mostly send such
                    // bytes as binary so they reach the session's own parser.
                    shape = WireShape.Binary;
                }

                frames.Add(new FuzzFrame(payload, shape, random.Next(2, 6)));
            }
        }

        return frames;
    }

    /// <summary>How a script ends on a WebSocket: mostly not at all; sometimes with a protocol breach or a close.</summary>
    public static WireEnding Ending(Random random) => random.Next(10) == 0
        ? (WireEnding)random.Next(1, Enum.GetValues<WireEnding>().Length)
        : WireEnding.None;

    private static WireShape Shape(Random random) => random.Next(10) switch
    {
        < 5 => WireShape.Text,
        5 => WireShape.Binary,
        6 => WireShape.Fragmented,
        7 => WireShape.FragmentedWithPings,
        8 => random.Next(2) == 0 ? WireShape.PingBefore : WireShape.PongBefore,
        _ => WireShape.EmptyTextBefore,
    };

    private IEnumerable<byte[]> Frames(Random random, IReadOnlyList<PendingRequest> requests)
    {
        var target = requests[random.Next(requests.Count)];
        switch (random.Next(14))
        {
            case 0: // a recorded frame, its id pointed at a pending call
                yield return Utf8(WithId(Recorded(random), random, target).ToJsonString());
                break;
            case 1:
            case 2: // a recorded or answer frame with one field of the wrong type (or missing)
                yield return Utf8(MutateField(random, Base(random, target)).ToJsonString().Replace(WrongPlaceholder, WrongValue(random)));
                break;
            case 3:
            case 4: // byte-level damage
                yield return MutateBytes(random, Utf8(Base(random, target).ToJsonString()));
                break;
            case 5: // ids out of every range, unknown ids
                yield return Utf8($"{{\"jsonrpc\":\"2.0\",\"id\":{Pick(random, "2147483647", "2147483648", "-1", "0", "1e400", "1.0", "\"1\"", "null", "[1]", "99999999999999999999999", "-2147483648", target.Id + "000", (target.Id + 1000).ToString())},\"result\":{{\"qReturn\":\"x\"}}}}");
                break;
            case 6: // duplicate answers (the second has no pending call any more)
                var answer = Utf8(Answer(target));
                yield return answer;
                yield return answer;
                break;
            case 7: // delta answers, valid and broken
                yield return Utf8($"{{\"jsonrpc\":\"2.0\",\"id\":{target.Id},\"delta\":true,\"result\":{DeltaResult(random)}}}");
                break;
            case 8: // notifications of every shape
                yield return Utf8($"{{\"jsonrpc\":\"2.0\",\"method\":{Pick(random, JsonSerializer.Serialize(Pick(random, s_methods)), WrongValue(random))},\"params\":{Pick(random, "{\"qSessionState\":" + WrongValue(random) + "}", WrongValue(random), "{\"qSessionState\":\"SESSION_ATTACHED\"}", "{}")}}}");
                break;
            case 9: // engine errors with wrong types inside
                yield return Utf8($"{{\"jsonrpc\":\"2.0\",\"id\":{target.Id},\"error\":{Pick(random, WrongValue(random), $"{{\"code\":{WrongValue(random)},\"parameter\":{WrongValue(random)},\"message\":{WrongValue(random)}}}")}}}");
                break;
            case 10: // change/close/suspend lists of the wrong shape, including the doc's handle
                yield return Utf8($"{{\"jsonrpc\":\"2.0\",\"id\":{Pick(random, target.Id.ToString(), "99999")},\"result\":{{}},\"{Pick(random, "change", "close", "suspend")}\":{Pick(random, "[1]", "[1,1,-1,0]", WrongValue(random))}}}");
                break;
            case 11: // structure: empty, scalars, deep nesting beyond the reader's depth, long strings, many keys
                yield return Structural(random, target);
                break;
            case 12: // invalid UTF-8 and lone surrogates inside otherwise valid frames
                yield return InvalidText(random, target);
                break;
            default: // noise
                var noise = new byte[random.Next(0, 200)];
                random.NextBytes(noise);
                yield return noise;
                break;
        }
    }

    private JsonObject Recorded(Random random) =>
        _recorded.Length == 0 ? new JsonObject { ["jsonrpc"] = "2.0" } : (JsonObject)JsonNode.Parse(_recorded[random.Next(_recorded.Length)])!;

    private JsonObject Base(Random random, PendingRequest target) => random.Next(2) == 0
        ? WithId(Recorded(random), random, target)
        : (JsonObject)JsonNode.Parse(Answer(target))!;

    private static JsonObject WithId(JsonObject frame, Random random, PendingRequest target)
    {
        if (frame.ContainsKey("id") || random.Next(4) == 0)
        {
            frame["id"] = target.Id;
        }

        return frame;
    }

    private static JsonObject MutateField(Random random, JsonObject frame)
    {
        var path = Pick(random, s_fields).Split('.');
        var parent = (JsonNode)frame;
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (parent[path[i]] is not JsonObject child)
            {
                child = new JsonObject();
                ((JsonObject)parent)[path[i]] = child;
            }

            parent = child;
        }

        var obj = (JsonObject)parent;
        if (random.Next(8) == 0)
        {
            obj.Remove(path[^1]);
        }
        else
        {
            obj[path[^1]] = WrongPlaceholder.Trim('"'); // replaced by raw text: some wrong values (lone surrogates) cannot be nodes
        }

        return frame;
    }

    private static byte[] MutateBytes(Random random, byte[] bytes)
    {
        var result = new List<byte>(bytes);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && result.Count > 0; e++)
        {
            var at = random.Next(result.Count);
            switch (random.Next(6))
            {
                case 0: result[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: result.RemoveRange(at, result.Count - at); break; // truncation
                case 2: result.InsertRange(at, Pick(random, new byte[] { 0xFF }, new byte[] { 0xC0, 0x80 }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xE2, 0x82 }, new byte[] { 0xF4, 0x90, 0x80, 0x80 })); break;
                case 3: result.RemoveAt(at); break;
                case 4: result.InsertRange(at, result.GetRange(at, Math.Min(result.Count - at, random.Next(1, 20)))); break;
                default: result[at] = (byte)Pick(random, '{', '}', '[', ']', '"', ':', ',', '\\', '0', 'e', '-'); break;
            }
        }

        return result.ToArray();
    }

    private static string DeltaResult(Random random)
    {
        var value = Pick(random, "{\"qReturn\":\"x\"}", "{}", "[]", "\"x\"", "1", "null", "{\"a\":{\"b\":[1,2,3]}}");
        var op = Pick(random, "\"add\"", "\"replace\"", "\"remove\"", "\"move\"", "\"copy\"", "\"test\"", "\"nope\"", WrongValue(random));
        var path = Pick(random, "\"/\"", "\"\"", "\"/qReturn\"", "\"/a/b/-\"", "\"/a/b/99999999999\"", "\"/~2\"", "\"a\"", "\"/a/b/01\"", WrongValue(random));
        var patch = $"[{{\"op\":{op},\"path\":{path},\"value\":{value},\"from\":{Pick(random, "\"/\"", "\"/a\"", WrongValue(random))}}}]";
        return random.Next(6) switch
        {
            0 => WrongValue(random), // not an object of patches
            1 => $"{{\"qReturn\":{WrongValue(random)}}}", // a patch that is not an array
            2 => $"{{\"qReturn\":[{{\"op\":\"add\",\"path\":\"/\",\"value\":{value}}}],\"qReturn\":{patch}}}", // duplicate key
            3 => $"{{\"qReturn\":[{{\"op\":\"add\",\"path\":\"/\",\"value\":\"x\"}}]}}",
            4 => $"{{\"\\ud800\":{patch}}}",
            _ => $"{{\"qReturn\":{patch}}}",
        };
    }

    private static byte[] Structural(Random random, PendingRequest target)
    {
        switch (random.Next(8))
        {
            case 0: return [];
            case 1: return Utf8(Pick(random, "null", "[]", "{}", "1", "\"x\"", " ", "\n", "{\"id\":", "}{", "{}{}", "[{\"id\":" + target.Id + "}]"));
            case 2:
                var depth = random.Next(500, 2000);
                return Utf8("{\"jsonrpc\":\"2.0\",\"id\":" + target.Id + ",\"result\":{\"qReturn\":" + new string('[', depth) + new string(']', depth) + "}}");
            case 3:
                return Utf8("{\"jsonrpc\":\"2.0\",\"id\":" + target.Id + ",\"result\":{\"qReturn\":\"" + new string('x', random.Next(1000, 300_000)) + "\"}}");
            case 4:
                var keys = string.Join(",", Enumerable.Range(0, random.Next(100, 3000)).Select(i => $"\"k{i}\":{i}"));
                return Utf8("{\"jsonrpc\":\"2.0\"," + keys + ",\"id\":" + target.Id + ",\"result\":{\"qReturn\":\"x\"}}");
            case 5:
                return Utf8("{\"jsonrpc\":\"2.0\",\"id\":" + target.Id + ",\"id\":" + WrongValue(random) + ",\"result\":{\"qReturn\":\"x\"},\"result\":" + WrongValue(random) + "}");
            case 6:
                return Utf8("{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":" + new string('[', 600) + new string(']', 600) + "}");
            default:
                return Utf8("\uFEFF{\"jsonrpc\":\"2.0\",\"id\":" + target.Id + ",\"result\":{\"qReturn\":\"x\"}}");
        }
    }

    private static byte[] InvalidText(Random random, PendingRequest target)
    {
        var bad = Pick(random, new byte[] { 0xFF }, new byte[] { 0xC0, 0xAF }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xED, 0xBF, 0xBF }, new byte[] { 0xE2, 0x82 }, new byte[] { 0x80 }, new byte[] { 0xF8, 0x88, 0x80, 0x80, 0x80 });
        var escaped = Pick(random, "\\ud800", "\\udc00", "\\ud800\\ud800", "\\udbff", "\\u00", "\\x41", "\\");
        var (before, after) = random.Next(5) switch
        {
            0 => ($"{{\"jsonrpc\":\"2.0\",\"id\":{target.Id},\"result\":{{\"qReturn\":\"a", "b\"}}}"),
            1 => ("{\"jsonrpc\":\"2.0\",\"method\":\"On", "Connected\",\"params\":{}}"),
            2 => ($"{{\"jsonrpc\":\"2.0\",\"id\":{target.Id},\"error\":{{\"code\":1,\"message\":\"", "\"}}}"),
            3 => ("{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":{\"qSessionState\":\"", "\"}}"),
            _ => ($"{{\"jsonrpc\":\"2.0\",\"id\":{target.Id},\"result\":{{\"", "\":1}}}"),
        };
        var middle = random.Next(2) == 0 ? bad : Utf8(escaped);
        return [.. Utf8(before), .. middle, .. Utf8(after)];
    }

    private static readonly UTF8Encoding s_strictUtf8 = new(false, true);

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            s_strictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string WrongValue(Random random) => Pick(random, s_wrongValues);

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
