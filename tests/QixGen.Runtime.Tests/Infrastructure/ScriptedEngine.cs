using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Session;
using QixGen.Transport;

namespace QixGen.Runtime.Tests;

/// <summary>An engine side over the in-memory transport that answers each request with a scripted reply.</summary>
internal sealed class ScriptedEngine : IAsyncDisposable
{
    private readonly InMemoryTransport _server;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    private ScriptedEngine(InMemoryTransport server, Func<JsonElement, ScriptedEngine, string?> reply)
    {
        _server = server;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var buffer = new ArrayBufferWriter<byte>();
                QixReceiveResult result;
                try
                {
                    result = await _server.ReceiveAsync(buffer, int.MaxValue, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (result.IsClosed)
                {
                    CloseCode = result.CloseCode;
                    Closed.TrySetResult(result.CloseCode);
                    return;
                }

                using var request = JsonDocument.Parse(buffer.WrittenMemory);
                Received.Enqueue(request.RootElement.GetRawText());
                var answer = reply(request.RootElement, this);
                if (answer is not null)
                {
                    await SendAsync(answer);
                }
            }
        });
    }

    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>The close code the client closed with, once it did.</summary>
    public int? CloseCode { get; private set; }

    public TaskCompletionSource<int?> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>An engine over a fresh in-memory pair; the client end is returned for a transport factory.</summary>
    public static (InMemoryTransport Client, ScriptedEngine Engine) StartEngine(Func<JsonElement, ScriptedEngine, string?> reply)
    {
        var (client, server) = InMemoryTransport.CreatePair();
        return (client, new ScriptedEngine(server, reply));
    }

    public static (QixSession Session, ScriptedEngine Engine) Start(Func<JsonElement, ScriptedEngine, string?> reply, QixSessionOptions? options = null)
    {
        var (client, server) = InMemoryTransport.CreatePair();
        var engine = new ScriptedEngine(server, reply);
        return (QixSession.Start(client, options), engine);
    }

    public ValueTask SendAsync(string frame) => _server.SendAsync(Encoding.UTF8.GetBytes(frame), CancellationToken.None);

    public ValueTask CloseAsync(int code, string reason) => _server.CloseAsync(code, reason, CancellationToken.None);

    public static string Result(JsonElement request, string result) =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetInt32()},\"result\":{result}}}";

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _server.DisposeAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
