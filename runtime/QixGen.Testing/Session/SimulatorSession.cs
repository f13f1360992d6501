using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Testing.Objects;
using QixGen.Testing.Protocol;
using QixGen.Transport;

namespace QixGen.Testing.Session;

/// <summary>
/// One engine session over one transport: sends OnConnected, then answers requests. Calls are answered in order
/// under one lock, except concurrent methods (DoReload, GetProgress, CancelRequest, CancelReload) which run
/// beside them, so a reload can be watched and cancelled.
/// </summary>
internal sealed class SimulatorSession
{
    private IQixTransport _transport;
    private readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _cancellable = new ConcurrentDictionary<int, CancellationTokenSource>();
    private readonly ConcurrentDictionary<int, ReloadProgress> _progress = new ConcurrentDictionary<int, ReloadProgress>();
    private readonly List<Task> _concurrentCalls = new List<Task>();
    private int _latestProgressId;

    public SimulatorSession(ISimulatorHost host, IQixTransport transport)
    {
        Host = host;
        _transport = transport;
    }

    /// <summary>
    /// Serves a new connection on this session's state (docs, handles, selections): a TTL session reattached by a
    /// client within its time to live. The engine then says SESSION_ATTACHED.
    /// </summary>
    public Task ReattachAsync(IQixTransport transport, CancellationToken stopping)
    {
        _transport = transport;
        // Delta bases live per connection: the client holds none for this socket yet, so the next answers are whole.
        Delta = new DeltaTracker();
        return RunAsync(stopping, "SESSION_ATTACHED");
    }

    public ISimulatorHost Host { get; }

    public HandleTable Handles { get; } = new HandleTable();

    public DeltaTracker Delta { get; private set; } = new DeltaTracker();

    /// <summary>Serializes access to the session's state (docs, handles, selections).</summary>
    public SemaphoreSlim StateLock { get; } = new SemaphoreSlim(1, 1);

    public DocInstance? Doc { get; set; }

    /// <summary>Handles whose layout was fetched since they were last reported changed (guarded by <see cref="StateLock"/>).</summary>
    public HashSet<int> Validated { get; } = new HashSet<int>();

    /// <summary>The running reload's cancellation and whether CancelReload (not CancelRequest) stopped it.</summary>
    public (CancellationTokenSource Source, int RequestId)? CurrentReload { get; set; }

    public bool ReloadCancelledByUser { get; set; }

    public async Task RunAsync(CancellationToken stopping, string sessionState = "SESSION_CREATED")
    {
        try
        {
            await SendAsync(ResponseWriter.Notification("OnConnected", new JsonObject { ["qSessionState"] = sessionState }), stopping).ConfigureAwait(false);
            var buffer = new ArrayBufferWriter<byte>();
            while (!stopping.IsCancellationRequested)
            {
                buffer.Clear();
                var received = await _transport.ReceiveAsync(buffer, Host.Options.MaxMessageSize, stopping).ConfigureAwait(false);
                if (received.IsClosed)
                {
                    break;
                }

                await DispatchAsync(buffer.WrittenSpan.ToArray(), stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The simulator is shutting down.
        }
        catch (Exception e) when (e is InvalidOperationException || e is System.Net.WebSockets.WebSocketException || e is QixMessageTooLargeException)
        {
            // The peer went away or broke the protocol: end the session.
        }
        finally
        {
            foreach (var source in _cancellable.Values)
            {
                source.Cancel();
            }

            Task[] calls;
            lock (_concurrentCalls)
            {
                calls = _concurrentCalls.ToArray();
            }

            await Task.WhenAll(calls).ConfigureAwait(false);
            try
            {
                await _transport.CloseAsync(1000, null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException || e is System.Net.WebSockets.WebSocketException || e is ObjectDisposedException || e is OperationCanceledException)
            {
                // Already closed.
            }
        }
    }

    /// <summary>Cancels a pending concurrent request (CancelRequest).</summary>
    public void Cancel(int requestId)
    {
        if (_cancellable.TryGetValue(requestId, out var source))
        {
            source.Cancel();
        }
    }

    public ReloadProgress StartProgress(int requestId)
    {
        var progress = new ReloadProgress();
        _progress[requestId] = progress;
        _latestProgressId = requestId;
        return progress;
    }

    /// <summary>The progress of a request; 0 means the latest one that reports progress.</summary>
    public ReloadProgress? FindProgress(int requestId) =>
        _progress.TryGetValue(requestId == 0 ? _latestProgressId : requestId, out var progress) ? progress : null;

    private async Task DispatchAsync(byte[] message, CancellationToken stopping)
    {
        RpcRequest request;
        try
        {
            request = RpcRequest.Parse(message);
        }
        catch (QixRpcException e)
        {
            await SendAsync(ResponseWriter.Error(null, e.Code, e.Parameter, e.Message), stopping).ConfigureAwait(false);
            return;
        }

        var target = Handles.Find(request.Handle);
        var descriptor = target is null ? null : MethodRegistry.Instance.Find(target.Service, request.Method);
        if (target is null || descriptor is null)
        {
            var error = target is null
                ? new QixRpcException(LocErrors.JsonRpcInvalidParameters, "Invalid handle", request.Handle.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : new QixRpcException(LocErrors.JsonRpcMethodNotFound, $"not supported by the QixGen simulator: {target.Service}.{request.Method}", request.Method);
            await SendAsync(ResponseWriter.Error(request.Id, error.Code, error.Parameter, error.Message), stopping).ConfigureAwait(false);
            return;
        }

        var context = new CallContext(this, request, target, new RpcParams(request.Params, descriptor.Parameters));
        if (!descriptor.Concurrent)
        {
            await StateLock.WaitAsync(stopping).ConfigureAwait(false);
            byte[] answer;
            try
            {
                answer = await AnswerAsync(descriptor, context).ConfigureAwait(false);
            }
            finally
            {
                StateLock.Release();
            }

            await SendAsync(answer, stopping).ConfigureAwait(false);
            return;
        }

        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _cancellable[request.NumericId] = cancellation;
        context.Cancellation = cancellation.Token;
        var call = RunConcurrentAsync(descriptor, context, cancellation, stopping);
        lock (_concurrentCalls)
        {
            _concurrentCalls.RemoveAll(t => t.IsCompleted);
            _concurrentCalls.Add(call);
        }
    }

    private async Task RunConcurrentAsync(MethodDescriptor descriptor, CallContext context, CancellationTokenSource cancellation, CancellationToken stopping)
    {
        await Task.Yield(); // leave the receive loop free at once
        try
        {
            var answer = await AnswerAsync(descriptor, context).ConfigureAwait(false);
            await SendAsync(answer, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException || e is InvalidOperationException || e is System.Net.WebSockets.WebSocketException || e is ObjectDisposedException)
        {
            // The session is closing: nobody to answer.
        }
        finally
        {
            _cancellable.TryRemove(context.Request.NumericId, out _);
            cancellation.Dispose();
        }
    }

    private async Task<byte[]> AnswerAsync(MethodDescriptor descriptor, CallContext context)
    {
        try
        {
            var result = await descriptor.Handler(context).ConfigureAwait(false);
            if (context.Request.Delta)
            {
                result = Delta.ToPatches(context.Request.Handle, context.Request.Method, result);
            }

            foreach (var closed in context.Closed)
            {
                Delta.Forget(closed);
                context.Changed.Remove(closed);
                Validated.Remove(closed);
            }

            Validated.ExceptWith(context.Changed);
            if (descriptor.Name is "GetLayout" or "GetAppLayout" or "GetHyperCubeData" or "GetListObjectData")
            {
                Validated.Add(context.Request.Handle);
            }

            return ResponseWriter.Result(context.Request.Id, result, context.Changed, context.Closed, context.Request.Delta);
        }
        catch (QixRpcException e)
        {
            return ResponseWriter.Error(context.Request.Id, e.Code, e.Parameter, e.Message);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            return ResponseWriter.Error(context.Request.Id, LocErrors.GenericAborted, string.Empty, "Request aborted");
        }
        catch (Exception e) when (e is Expressions.ExpressionException || e is InvalidOperationException || e is FormatException || e is ArgumentException)
        {
            return ResponseWriter.Error(context.Request.Id, LocErrors.GenericInvalidParameters, string.Empty, e.Message);
        }
    }

    private async Task SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _transport.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
