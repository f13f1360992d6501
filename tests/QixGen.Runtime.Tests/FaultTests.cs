using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Protocol;
using QixGen.Serialization;
using QixGen.Session;
using QixGen.Transport;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Runtime.Tests;

/// <summary>Faults against a real WebSocket server on 127.0.0.1: typed errors on the affected calls only, never a hang.</summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    /// <summary>
    /// "It did not hang", not "it was fast": the machine may be at load ~30 on 2 cores, so each wait is allowed
    /// minutes. A real hang still fails (at the bound) instead of blocking the run.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    private static Task<string> Call(QixSession session, string method, string argument) => EchoCalls.Call(session, method, argument);

    private static (int Id, string Method, string Arg) Parse(string frame)
    {
        using var doc = JsonDocument.Parse(frame);
        var root = doc.RootElement;
        var parameters = root.GetProperty("params");
        var arg = parameters.ValueKind == JsonValueKind.Array && parameters.GetArrayLength() > 0 ? parameters[0].ToString() : "";
        return (root.GetProperty("id").GetInt32(), root.GetProperty("method").GetString()!, arg);
    }

    private static string Answer(int id, string value) => $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{\"qReturn\":{JsonSerializer.Serialize(value)}}}}}";

    private static Task<QixSession> Connect(WebSocketTestServer server, int maxMessageSize = 256 * 1024 * 1024) =>
        QixSession.OpenAsync(new QixSessionOptions { Url = server.Url, MaxMessageSize = maxMessageSize });

    [Fact]
    public async Task Server_close_fails_1000_pending_calls_at_once_with_the_close_code()
    {
        var received = 0;
        var allReceived = new TaskCompletionSource();
        await using var server = await WebSocketTestServer.StartAsync(async socket =>
        {
            while (await socket.ReceiveAsync() is not null)
            {
                if (Interlocked.Increment(ref received) == 1000)
                {
                    allReceived.SetResult();
                    await socket.Socket.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "engine going away", CancellationToken.None);
                    return;
                }
            }
        });
        await using var session = await Connect(server);
        QixSessionClosedEventArgs? closedArgs = null;
        session.Closed += (_, e) => closedArgs = e;

        var calls = Enumerable.Range(0, 1000).Select(i => Call(session, "Slow", i.ToString())).ToList();
        await allReceived.Task.WaitAsync(Bound);
        var watch = Stopwatch.StartNew();
        var failures = await Task.WhenAll(calls.Select(async c => await Assert.ThrowsAsync<QixSessionClosedException>(() => c.WaitAsync(Bound))));
        watch.Stop();

        // Reported, not asserted: a wall-clock bound would fail on a loaded machine. What matters is that all fail, typed.
        output.WriteLine($"1000 pending calls failed {watch.Elapsed.TotalMilliseconds:F1} ms after the server's close");
        Assert.All(failures, f => Assert.Equal(1001, f.CloseCode));
        Assert.Equal("engine going away", failures[0].CloseReason);
        Assert.NotNull(closedArgs);
        Assert.Equal(1001, closedArgs!.CloseCode);
        Assert.Equal(0, session.PendingCallCount);
        // Later calls fail fast too.
        await Assert.ThrowsAsync<QixSessionClosedException>(() => Call(session, "After", "x"));
    }

    [Fact]
    public async Task A_dropped_socket_fails_pending_calls_with_code_1006()
    {
        var gotCall = new TaskCompletionSource();
        await using var server = await WebSocketTestServer.StartAsync(async socket =>
        {
            await socket.ReceiveAsync();
            gotCall.SetResult();
            socket.Context.Abort(); // no close handshake
        });
        await using var session = await Connect(server);
        var call = Call(session, "Slow", "x");
        await gotCall.Task.WaitAsync(Bound);
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<QixSessionClosedException>(() => call.WaitAsync(Bound));
        output.WriteLine($"dropped socket detected in {watch.Elapsed.TotalMilliseconds:F1} ms");
        Assert.Equal(1006, error.CloseCode);
    }

    [Fact]
    public async Task A_malformed_frame_fails_only_the_call_it_names_and_an_unknown_id_fails_nothing()
    {
        await using var server = await WebSocketTestServer.StartAsync(async socket =>
        {
            while (await socket.ReceiveAsync() is { } frame)
            {
                var (id, method, arg) = Parse(frame);
                switch (method)
                {
                    case "Broken":
                        await socket.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{\"qReturn\": tru");
                        break;
                    case "BrokenAnonymous":
                        await socket.SendAsync("not json at all");
                        await socket.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":999999,\"result\":{{}}}}");
                        await socket.SendAsync(Answer(id, arg));
                        break;
                    default:
                        await Task.Delay(50);
                        await socket.SendAsync(Answer(id, arg));
                        break;
                }
            }
        });
        await using var session = await Connect(server);
        var faults = new ConcurrentQueue<QixProtocolException>();
        session.ProtocolError += (_, e) => faults.Enqueue(e.Error);

        var bystander = Call(session, "Echo", "still fine");
        var broken = Call(session, "Broken", "x");
        var error = await Assert.ThrowsAsync<QixProtocolException>(() => broken.WaitAsync(Bound));
        Assert.Contains("malformed", error.Message);

        Assert.Equal("after", await Call(session, "BrokenAnonymous", "after").WaitAsync(Bound));
        Assert.Equal("still fine", await bystander.WaitAsync(Bound));
        Assert.Equal(2, faults.Count);
        Assert.Contains(faults, f => f.Message.Contains("malformed"));
        Assert.Contains(faults, f => f.Message.Contains("999999"));
        Assert.True(session.IsOpen);
    }

    [Fact]
    public async Task A_64_MiB_frame_against_a_16_MiB_limit_fails_only_its_call()
    {
        await using var server = await WebSocketTestServer.StartAsync(async socket =>
        {
            while (await socket.ReceiveAsync() is { } frame)
            {
                var (id, method, arg) = Parse(frame);
                if (method == "Huge")
                {
                    // Built once as bytes (no 64 Mi-char string and its UTF-8 copy): less work on a loaded machine.
                    var head = Encoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{\"qReturn\":\"");
                    var tail = "\"}}"u8;
                    var big = new byte[head.Length + (64 * 1024 * 1024) + tail.Length];
                    head.CopyTo(big, 0);
                    big.AsSpan(head.Length, 64 * 1024 * 1024).Fill((byte)'x');
                    tail.CopyTo(big.AsSpan(big.Length - tail.Length));
                    await socket.SendAsync(big);
                }
                else
                {
                    await socket.SendAsync(Answer(id, arg));
                }
            }
        });
        await using var session = await Connect(server, maxMessageSize: 16 * 1024 * 1024);

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<QixMessageTooLargeException>(() => Call(session, "Huge", "x").WaitAsync(Bound));
        output.WriteLine($"64 MiB frame rejected in {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(16 * 1024 * 1024, error.Limit);
        Assert.Equal("next", await Call(session, "Echo", "next").WaitAsync(Bound));
        Assert.True(session.IsOpen);
    }

    [Fact]
    public async Task Ten_thousand_concurrent_calls_from_8_threads_each_get_their_own_response()
    {
        await using var server = await WebSocketTestServer.StartAsync(async socket =>
        {
            // Answer each request after a random short delay, so responses arrive out of request order.
            var random = new Random(7);
            var answers = new List<Task>();
            while (await socket.ReceiveAsync() is { } frame)
            {
                var (id, _, arg) = Parse(frame);
                var delay = random.Next(0, 3);
                answers.Add(Task.Run(async () =>
                {
                    await Task.Delay(delay);
                    await socket.SendAsync(Answer(id, "echo:" + arg));
                }));
            }

            await Task.WhenAll(answers);
        });
        await using var session = await Connect(server);
        var watch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var calls = Enumerable.Range(0, 1250).Select(i => (Arg: $"{t}-{i}", Task: Call(session, "Echo", $"{t}-{i}"))).ToList();
            foreach (var (arg, task) in calls)
            {
                Assert.Equal("echo:" + arg, await task.WaitAsync(Bound));
            }

            return calls.Count;
        })).ToList();
        var total = (await Task.WhenAll(threads)).Sum();
        output.WriteLine($"{total} concurrent calls in {watch.Elapsed.TotalMilliseconds:F0} ms, answered out of order");
        Assert.Equal(10_000, total);
        Assert.Equal(0, session.PendingCallCount);
    }

    [Fact]
    public async Task Disposing_during_calls_fails_them_and_does_not_hang()
    {
        var got = new TaskCompletionSource();
        await using var server = await WebSocketTestServer.StartAsync(async socket =>
        {
            while (await socket.ReceiveAsync() is not null) got.TrySetResult();
        });
        var session = await Connect(server);
        var calls = Enumerable.Range(0, 50).Select(i => Call(session, "Slow", i.ToString())).ToList();
        await got.Task.WaitAsync(Bound);
        var watch = Stopwatch.StartNew();
        await session.DisposeAsync().AsTask().WaitAsync(Bound);
        output.WriteLine($"dispose with 50 pending calls took {watch.Elapsed.TotalMilliseconds:F0} ms");
        foreach (var call in calls)
        {
            await Assert.ThrowsAnyAsync<QixSessionClosedException>(() => call.WaitAsync(Bound));
        }

        await Assert.ThrowsAnyAsync<QixSessionClosedException>(() => Call(session, "After", "x"));
    }
}
