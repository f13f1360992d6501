using System;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.WireBench.Clients;

/// <summary>
/// Floors with a dedicated receive thread blocking in the socket's receive (<see cref="BlockingSocketStream"/>; the
/// socket never sees an async operation), doing what <see cref="BareWebSocketClient"/> does (write, send, receive,
/// JsonDocument.Parse, complete by id). Two shapes (docs/performance.md, "Floors with a dedicated receive thread"):
/// <list type="bullet">
/// <item><b>Inline</b> (bare-thread-inline, the Node model): the one thread writes, sends, receives, parses and
/// completes; answers complete their callers synchronously, so the workload's code runs on that thread and sends
/// the next request from there. 64 in flight: the same thread keeps 64 requests outstanding.</item>
/// <item><b>Pool</b> (bare-thread-pool): the thread receives and parses; completions go to the thread pool
/// (RunContinuationsAsynchronously), where the workload runs and sends, under a lock, with blocking sends.</item>
/// <item><b>Hybrid</b> (bare-thread-hybrid): the pool shape's threads, but the answer a receive brought last (all of
/// them, sequentially) completes its caller on the receive thread; answers with more behind them in the buffer go
/// to the pool, so pipelined callers still spread over the cores.</item>
/// </list>
/// Extra floors, run by hand (<c>client bare-thread-inline|bare-thread-pool|bare-thread-hybrid ...</c>), not by the
/// harness's default run.
/// </summary>
internal sealed class DedicatedThreadClient
{
    private static readonly TimeSpan s_bound = TimeSpan.FromMinutes(2);

    private readonly WebSocket _socket;
    private readonly BlockingSocketStream _stream;
    private readonly bool _inline;
    private readonly bool _hybrid;
    private readonly object _sendLock = new object();
    private readonly PendingCalls _pending = new PendingCalls();
    private byte[] _receiveBuffer = new byte[64 * 1024];
    private int _receiveThreadId;
    private long _messages;
    private long _sendsOffReceiveThread;

    private DedicatedThreadClient((WebSocket Socket, BlockingSocketStream Stream) connection, bool inline, bool hybrid = false)
    {
        (_socket, _stream) = connection;
        _inline = inline;
        _hybrid = hybrid;
    }

    /// <summary>
    /// Runs the workload on the floor of <paramref name="scenario"/>'s client. QIXGEN_WIREBENCH_ASYNC_CONNECT=1
    /// connects with ConnectAsync (one async operation first) to measure what that does to the blocking calls.
    /// </summary>
    public static async Task<ClientResult> RunAsync(Scenario scenario, RunSettings settings, string url)
    {
        var inline = scenario.Client == ClientKind.DotNetThreadInline;
        var asyncConnect = Environment.GetEnvironmentVariable("QIXGEN_WIREBENCH_ASYNC_CONNECT") == "1";
        var result = inline
            ? await RunInlineAsync(scenario, settings, url, asyncConnect).ConfigureAwait(false)
            : await RunPoolAsync(scenario, settings, url, asyncConnect).ConfigureAwait(false);
        return result;
    }

    /// <summary>Everything on one new thread: it connects, starts the workload (which sends), then receives and completes until the workload is done.</summary>
    private static Task<ClientResult> RunInlineAsync(Scenario scenario, RunSettings settings, string url, bool asyncConnect)
    {
        var done = new TaskCompletionSource<ClientResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var client = new DedicatedThreadClient(BlockingSocketStream.Connect(new Uri(url), s_bound, asyncConnect), inline: true);
                client._receiveThreadId = Environment.CurrentManagedThreadId;
                try
                {
                    var workload = BareWorkload.RunAsync(scenario, settings, client.CallAsync);
                    client.ReceiveUntil(workload);
                    if (!workload.IsCompleted)
                    {
                        throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The engine closed the connection before the workload finished.");
                    }

                    var result = workload.GetAwaiter().GetResult();
                    client.CloseOutput();
                    client.ReceiveUntil(null);
                    client.ReportCounts(scenario);
                    done.TrySetResult(result);
                }
                finally
                {
                    client._socket.Dispose();
                    client._stream.Dispose();
                }
            }
            catch (Exception error)
            {
                done.TrySetException(error);
            }
        })
        {
            IsBackground = true,
            Name = "bare-thread-inline",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>A receive thread that completes through the pool; the workload runs on the pool and sends from there.</summary>
    private static async Task<ClientResult> RunPoolAsync(Scenario scenario, RunSettings settings, string url, bool asyncConnect)
    {
        var client = new DedicatedThreadClient(BlockingSocketStream.Connect(new Uri(url), s_bound, asyncConnect), inline: false, hybrid: scenario.Client == ClientKind.DotNetThreadHybrid);
        var receiver = new Thread(() => client.ReceiveUntil(null)) { IsBackground = true, Name = "bare-thread-pool receive" };
        try
        {
            receiver.Start();
            client._receiveThreadId = receiver.ManagedThreadId;
            var result = await BareWorkload.RunAsync(scenario, settings, client.CallAsync).ConfigureAwait(false);
            // Hybrid completes the last answer on the receive thread, which is about to be joined: leave it first.
            await Task.Yield();
            client.CloseOutput();
            if (!receiver.Join(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("The receive thread did not see the engine's close frame within 10 s.");
            }

            client.ReportCounts(scenario);
            return result;
        }
        finally
        {
            client._socket.Dispose();
            client._stream.Dispose();
        }
    }

    private Task<JsonDocument> CallAsync(int handle, string method, string parameters)
    {
        // Inline: no RunContinuationsAsynchronously, so the caller's continuation runs on the receive thread.
        // Hybrid: the receive loop picks the thread per answer (PendingCalls.Complete).
        var (id, answer) = _pending.Add(_inline || _hybrid ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
        var buffer = BareWorkload.WriteRequest(id, handle, method, parameters);
        if (!_hybrid && Environment.CurrentManagedThreadId == _receiveThreadId != _inline)
        {
            Interlocked.Increment(ref _sendsOffReceiveThread);
        }

        lock (_sendLock)
        {
            Synchronously(_socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None));
        }

        return answer;
    }

    /// <summary>Receives, parses and completes callers until <paramref name="workload"/> is done (null: until the close frame); a failure fails every caller waiting.</summary>
    private void ReceiveUntil(Task? workload)
    {
        try
        {
            while (workload is null || !workload.IsCompleted)
            {
                var length = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    if (length == _receiveBuffer.Length)
                    {
                        Array.Resize(ref _receiveBuffer, _receiveBuffer.Length * 2);
                    }

                    received = Synchronously(_socket.ReceiveAsync(_receiveBuffer.AsMemory(length), CancellationToken.None));
                    length += received.Count;
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    // No answer comes after the engine's close frame: whoever still waits fails now, not never.
                    _pending.FailAll(new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The engine closed the connection."));
                    break;
                }

                _messages++;
                _pending.Complete(_receiveBuffer.AsMemory(0, length), onThreadPool: _hybrid && _stream.HasBufferedData);
            }
        }
        catch (Exception error)
        {
            _pending.FailAll(error);
        }
    }

    /// <summary>Sends the close frame; the receive loop ends on the engine's (inline: this thread receives it next).</summary>
    private void CloseOutput()
    {
        lock (_sendLock)
        {
            Synchronously(_socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None));
        }
    }

    /// <summary>On stderr (the harness reads only stdout's result line): messages, socket receives, sends from the wrong thread for the shape.</summary>
    private void ReportCounts(Scenario scenario) =>
        Console.Error.WriteLine($"{Scenario.Name(scenario.Client)}: {_messages} messages, {_stream.Receives} socket receives, {(_hybrid ? "either thread sends (hybrid)" : $"{Interlocked.Read(ref _sendsOffReceiveThread)} sends on the wrong thread ({(_inline ? "off" : "on")} the receive thread)")}");

    // The stream completes every operation before returning, so the WebSocket's tasks are complete here; one that
    // is not would mean a wait this floor does not allow (no blocking on a pending task).
    private static T Synchronously<T>(ValueTask<T> operation) =>
        operation.IsCompleted ? operation.GetAwaiter().GetResult() : throw new InvalidOperationException("The WebSocket operation did not complete synchronously.");

    private static void Synchronously(Task operation) => Synchronously(new ValueTask(operation));

    private static void Synchronously(ValueTask operation)
    {
        if (!operation.IsCompleted)
        {
            throw new InvalidOperationException("The WebSocket operation did not complete synchronously.");
        }

        operation.GetAwaiter().GetResult();
    }
}
