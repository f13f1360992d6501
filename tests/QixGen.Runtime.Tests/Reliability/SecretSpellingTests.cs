using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using QixGen.Errors;
using QixGen.Session;
using QixGen.Traffic;
using Xunit;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>A secret is masked in every spelling it can take in logs, recordings and exception messages.</summary>
public sealed class SecretSpellingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    /// <summary>A quote, a backslash, a slash, a space, non-ASCII and a character outside the BMP.</summary>
    private const string Secret = "tk\"9\\f/ é€😀 Z";

    /// <summary>Every spelling of <see cref="Secret"/> a log line, a frame or a URL may carry.</summary>
    public static TheoryData<string, string> Spellings()
    {
        var data = new TheoryData<string, string>
        {
            { "raw", Secret },
            { "JSON, default encoder", JsonSerializer.Serialize(Secret)[1..^1] },
            { "JSON, relaxed encoder", JsonEncodedText.Encode(Secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() },
            { "JSON, every char \\u-escaped", string.Concat(Secret.Select(c => $"\\u{(int)c:X4}")) },
            { "JSON, lower-case \\u and \\/", Secret.Replace("\\", "\\\\").Replace("\"", "\\u0022").Replace("/", "\\/").Replace("é", "\\u00e9") },
            { "URL-encoded", Uri.EscapeDataString(Secret) },
            { "URL-encoded, lower-case hex", Uri.EscapeDataString(Secret).Replace("%C3%A9", "%c3%a9").Replace("%E2%82%AC", "%e2%82%ac") },
            { "form-encoded (+ for space)", System.Net.WebUtility.UrlEncode(Secret) },
            { "URL-encoded inside a JSON string", JsonSerializer.Serialize(Uri.EscapeDataString(Secret))[1..^1] },
            { "JSON-escaped, then URL-encoded", Uri.EscapeDataString(JsonSerializer.Serialize(Secret)[1..^1]) },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Spellings))]
    public void The_redactor_masks_a_secret_in_each_spelling(string spelling, string written)
    {
        var redactor = new SecretRedactor([Secret]);
        var text = $"before {written} middle {written} after";
        var redacted = redactor.Redact(text);
        Assert.Equal($"before {SecretRedactor.Mask} middle {SecretRedactor.Mask} after", redacted);
        Assert.False(string.IsNullOrEmpty(spelling));
    }

    [Fact]
    public void The_redactor_leaves_text_without_secrets_alone_including_escapes()
    {
        var redactor = new SecretRedactor([Secret]);
        const string text = "{\"a\":\"\\u00e9\\\\ %41 + \\ud800\",\"b\":\"%E2%82\"}";
        Assert.Equal(text, redactor.Redact(text));
    }

    [Fact]
    public async Task A_close_reason_and_an_engine_error_quoting_the_secret_reach_no_log_event_recording_or_exception()
    {
        var log = new ListLogger();
        var options = new QixSessionOptions { Logger = log };
        options.Secrets.Add(Secret);
        var escaped = JsonSerializer.Serialize(Secret); // as the engine writes it inside JSON: default encoder
        var (session, engine) = ScriptedEngine.Start((request, _) => request.GetProperty("method").GetString() == "Fail"
            ? $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetInt32()},\"error\":{{\"code\":5,\"parameter\":{escaped},\"message\":\"bad ticket \\\"{Secret.Replace("\\", "\\\\").Replace("\"", "\\\"")}\\\"\"}}}}"
            : null, options);
        var recording = new StringWriter();
        await using (engine)
        {
            using (TrafficRecorder.Start(session, recording))
            {
                var engineError = await Assert.ThrowsAsync<QixEngineException>(() => EchoCalls.Call(session, "Fail", "x").WaitAsync(Bound));
                AssertNoSecret(engineError.Message);
                AssertNoSecret(engineError.EngineMessage);
                AssertNoSecret(engineError.Parameter);

                var pending = EchoCalls.Call(session, "Hold", "x");
                // Raised after the pending calls are failed: awaited, not read as soon as the call fails.
                var closedEvent = new TaskCompletionSource<QixSessionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
                session.Closed += (_, e) => closedEvent.TrySetResult(e);
                // The issue's example: "QIX session closed: 1000 bye <ticket>" was logged at Debug as is.
                await engine.CloseAsync(1000, "bye " + Secret);
                var closed = await Assert.ThrowsAsync<QixSessionClosedException>(() => pending.WaitAsync(Bound));
                AssertNoSecret(closed.Message);
                AssertNoSecret(closed.CloseReason);
                var closedArgs = await closedEvent.Task.WaitAsync(Bound);
                AssertNoSecret(closedArgs.CloseReason);
                Assert.Contains("bye " + SecretRedactor.Mask, closedArgs.CloseReason);
            }

            await session.DisposeAsync();
        }

        var logText = string.Join("\n", log.Lines);
        Assert.Contains("QIX session closed", logText);
        AssertNoSecret(logText);
        AssertNoSecret(recording.ToString());
        Assert.Contains("Fail", recording.ToString());
    }

    private static void AssertNoSecret(string? text)
    {
        if (text is null)
        {
            return;
        }

        foreach (var written in Spellings().Select(row => (string)row[1]))
        {
            Assert.DoesNotContain(written, text);
        }

        // Nor a telling fragment of it.
        Assert.DoesNotContain("9\\f", text);
        Assert.DoesNotContain("€😀", text);
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}
