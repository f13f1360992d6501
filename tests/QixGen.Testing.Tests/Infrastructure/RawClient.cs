using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Transport;

namespace QixGen.Testing.Tests.Infrastructure;

/// <summary>
/// A tiny raw JSON-RPC client over an <see cref="IQixTransport"/>: sends frames, matches answers by id, keeps
/// notifications. Independent of the real client session on purpose.
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly IQixTransport _transport;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly TaskCompletionSource<JsonObject> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private int _nextId;

    public RawClient(IQixTransport transport)
    {
        _transport = transport;
        _receiving = ReceiveLoopAsync();
    }

    public List<JsonObject> Notifications { get; } = new();

    public int LastId => _nextId;

    public Task<JsonObject> Connected => _connected.Task.WaitAsync(s_timeout);

    /// <summary>Sends a request and returns the whole response frame.</summary>
    public Task<JsonObject> CallAsync(string method, int handle, JsonNode? parameters = null, bool delta = false)
    {
        var id = Interlocked.Increment(ref _nextId);
        var frame = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["handle"] = handle, ["params"] = parameters ?? new JsonArray() };
        if (delta)
        {
            frame["delta"] = true;
        }

        return SendFrameAsync(id, frame);
    }

    /// <summary>Sends a prepared frame (its id must be unique) and returns the response.</summary>
    public async Task<JsonObject> SendFrameAsync(int id, JsonObject frame)
    {
        var pending = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        await _transport.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), CancellationToken.None);
        return await pending.Task.WaitAsync(s_timeout);
    }

    /// <summary>Calls and returns "result", failing the test on an error answer.</summary>
    public async Task<JsonObject> ResultAsync(string method, int handle, JsonNode? parameters = null, bool delta = false)
    {
        var response = await CallAsync(method, handle, parameters, delta);
        if (response["error"] is { } error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        }

        return (JsonObject)response["result"]!;
    }

    /// <summary>Opens an app and returns the Doc handle.</summary>
    public async Task<int> OpenDocAsync(string app)
    {
        var result = await ResultAsync("OpenDoc", -1, new JsonArray(app));
        return result["qReturn"]!["qHandle"]!.GetValue<int>();
    }

    public async ValueTask DisposeAsync()
    {
        await _transport.CloseAsync(1000, null, CancellationToken.None);
        _stop.Cancel();
        try
        {
            await _receiving.WaitAsync(s_timeout);
        }
        catch (OperationCanceledException)
        {
        }

        await _transport.DisposeAsync();
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (!_stop.IsCancellationRequested)
        {
            buffer.Clear();
            QixReceiveResult received;
            try
            {
                received = await _transport.ReceiveAsync(buffer, 256 * 1024 * 1024, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException || e is System.Net.WebSockets.WebSocketException || e is ObjectDisposedException)
            {
                break;
            }

            if (received.IsClosed)
            {
                break;
            }

            var frame = JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
            if (frame["id"] is JsonValue id && id.TryGetValue<int>(out var n) && _pending.TryRemove(n, out var pending))
            {
                pending.TrySetResult(frame);
            }
            else if (frame["method"] is not null)
            {
                lock (Notifications)
                {
                    Notifications.Add(frame);
                }

                if (frame["method"]!.GetValue<string>() == "OnConnected")
                {
                    _connected.TrySetResult(frame);
                }
            }
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("The connection closed."));
        }
    }
}
