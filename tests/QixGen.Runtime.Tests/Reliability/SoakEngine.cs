using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Transport;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>What all connections of a soak engine did.</summary>
internal sealed class SoakEngineCounters
{
    public int Connections;
    public int Requests;
    public int Immediate;
    public int Delayed;
    public int Reordered;
    public int Duplicated;
    public int Errors;
    public int Swallowed;
    public int Drops;
    public int CancelRequests;
}

/// <summary>
/// The engine side of one soak connection: answers each Echo with its own argument (so a misrouted answer shows by
/// content) — now, later, out of order, twice, as an engine error carrying the argument, or never — and drops the
/// connection after a random number of requests. Deterministic choices for a given seed (timing is not).
/// </summary>
internal sealed class SoakEngine
{
    private readonly InMemoryTransport _server;
    private readonly Random _random;
    private readonly SoakEngineCounters _counters;
    private readonly List<string> _held = new();
    private readonly int _dropAfter;
    private readonly CancellationTokenSource _stop = new();

    private SoakEngine(InMemoryTransport server, int seed, SoakEngineCounters counters, bool reattach)
    {
        _server = server;
        _random = new Random(seed);
        _counters = counters;
        _dropAfter = _random.Next(300, 3000);
        Loop = Task.Run(() => RunAsync(reattach));
    }

    public Task Loop { get; }

    public static (InMemoryTransport Client, SoakEngine Engine) Connect(int seed, SoakEngineCounters counters)
    {
        var (client, server) = InMemoryTransport.CreatePair();
        var reattach = Interlocked.Increment(ref counters.Connections) > 1;
        return (client, new SoakEngine(server, seed, counters, reattach));
    }

    public void Stop() => _stop.Cancel();

    private async Task RunAsync(bool reattach)
    {
        var flusher = FlushHeldAsync();
        try
        {
            await SendAsync($"{{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":{{\"qSessionState\":\"{(reattach ? "SESSION_ATTACHED" : "SESSION_CREATED")}\"}}}}");
            var requests = 0;
            while (true)
            {
                var buffer = new ArrayBufferWriter<byte>();
                var received = await _server.ReceiveAsync(buffer, int.MaxValue, _stop.Token);
                if (received.IsClosed)
                {
                    return;
                }

                using var document = JsonDocument.Parse(buffer.WrittenMemory);
                var request = document.RootElement;
                var id = request.GetProperty("id").GetInt32();
                var method = request.GetProperty("method").GetString();
                if (method == "CancelRequest")
                {
                    Interlocked.Increment(ref _counters.CancelRequests);
                    await SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{}}}}");
                    continue;
                }

                Interlocked.Increment(ref _counters.Requests);
                var argument = request.GetProperty("params")[0].GetString()!;
                var answer = $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{\"qReturn\":{JsonSerializer.Serialize(argument)}}}}}";
                if (++requests == _dropAfter)
                {
                    Interlocked.Increment(ref _counters.Drops);
                    await _server.CloseAsync(1006, "soak: connection dropped", CancellationToken.None);
                    return;
                }

                var roll = _random.Next(1000);
                if (roll < 250)
                {
                    Interlocked.Increment(ref _counters.Immediate);
                    await SendAsync(answer);
                }
                else if (roll < 650)
                {
                    Interlocked.Increment(ref _counters.Delayed);
                    var delay = _random.Next(0, 15);
                    _ = Task.Run(async () =>
                    {
                        await Task.Delay(delay);
                        await SendAsync(answer);
                    });
                }
                else if (roll < 800)
                {
                    Interlocked.Increment(ref _counters.Reordered);
                    lock (_held)
                    {
                        _held.Add(answer);
                        if (_held.Count >= 4)
                        {
                            FlushHeldLocked();
                        }
                    }
                }
                else if (roll < 900)
                {
                    Interlocked.Increment(ref _counters.Duplicated);
                    await SendAsync(answer);
                    await SendAsync(answer);
                }
                else if (roll < 997)
                {
                    Interlocked.Increment(ref _counters.Errors);
                    await SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":2,\"parameter\":{JsonSerializer.Serialize(argument)},\"message\":\"soak: engine error\"}}}}");
                }
                else
                {
                    Interlocked.Increment(ref _counters.Swallowed); // never answered: the call's timeout ends it
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _stop.Cancel();
            await flusher;
        }
    }

    /// <summary>Held answers go out in reverse order every few milliseconds, so none waits for traffic that never comes.</summary>
    private async Task FlushHeldAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(20, _stop.Token);
                lock (_held)
                {
                    FlushHeldLocked();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void FlushHeldLocked()
    {
        for (var i = _held.Count - 1; i >= 0; i--)
        {
            _ = SendAsync(_held[i]);
        }

        _held.Clear();
    }

    private async Task SendAsync(string frame)
    {
        try
        {
            await _server.SendAsync(Encoding.UTF8.GetBytes(frame), CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // The connection is closed (dropped by us, or the session went away).
        }
    }
}
