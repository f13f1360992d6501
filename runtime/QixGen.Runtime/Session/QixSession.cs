using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using QixGen.Delta;
using QixGen.Errors;
using QixGen.Interceptors;
using QixGen.Objects;
using QixGen.Protocol;
using QixGen.Serialization;
using QixGen.Traffic;
using QixGen.Transport;

namespace QixGen.Session;

/// <summary>
/// A QIX session over one transport: numbers requests, matches responses by id in any order, keeps one proxy
/// per handle, applies change/close lists, and surfaces notifications. Any number of callers on any threads;
/// one receive loop, one serialized sender.
/// </summary>
/// <remarks>
/// Thread-safety: every member may be called from any thread, concurrently. The code after <c>await</c> on a call
/// may run on the thread that read the call's answer, but only once the receive loop has moved on to its next
/// receive: it can take as long as it likes, block, or wait for other calls without holding up the session (with a
/// <see cref="SynchronizationContext"/> it is posted there as usual). Events (<see cref="NotificationReceived"/>,
/// <see cref="Closed"/>, <see cref="ProtocolError"/>, <see cref="Traffic"/>, and the objects'
/// <see cref="QixObject.Changed"/>, <see cref="QixObject.Closed"/>, <see cref="QixObject.Suspended"/>) are
/// raised on the receive loop itself: their handlers must not wait for a call of this session.
/// </remarks>
public sealed partial class QixSession : IQixSession, IAsyncDisposable
{
    /// <summary>
    /// The close code of a session the receive path had to give up on (WebSocket 1011, "unexpected condition"): a
    /// fault in the session's own dispatch code left its state unknown, so it closes instead of guessing.
    /// </summary>
    public const int InternalErrorCloseCode = 1011;

    private IQixTransport _transport;
    private readonly QixSessionOptions _options;

    /// <summary>
    /// The cookies of this session's upgrades (the user's container, or one of its own): the proxy's session cookie,
    /// set on the first upgrade in answer to a one-time ticket, is sent again on every resume.
    /// </summary>
    private readonly CookieContainer _cookies;
    private readonly ILogger? _logger;
    /// <summary>Masks the options' secrets and the cookies of the upgrades so far; renewed after every upgrade.</summary>
    private volatile SecretRedactor _redactor;
    private readonly PendingCallTable _pending = new PendingCallTable();
    private readonly AbandonedRequests _abandoned = new AbandonedRequests();
    private readonly RemoteObjectRegistry _objects;
    private readonly DeltaStore _deltas = new DeltaStore();
    private readonly QixCallHandler _pipeline;
    private readonly CancellationTokenSource _stop = new CancellationTokenSource();
    private TaskCompletionSource<QixSessionState> _connected = NewConnectedSource();

    private Task _receiveLoop = Task.CompletedTask;
    private int _nextId;
    private volatile QixSessionClosedException? _closedError;
    private int _closedRaised;
    private int _disposed;

    private QixSession(IQixTransport transport, QixSessionOptions options, CookieContainer cookies)
    {
        _transport = transport;
        _cookies = cookies;
        _options = options;
        _logger = options.Logger;
        _redactor = SecretRedactor.For(options, cookies);
        _objects = new RemoteObjectRegistry(options.ObjectTypes);
        _pipeline = BuildPipeline(new List<IQixInterceptor>(options.Interceptors));
    }

    private static TaskCompletionSource<QixSessionState> NewConnectedSource()
    {
        var source = new TaskCompletionSource<QixSessionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Nobody may wait for OnConnected; its failure on close must not surface as an unobserved exception.
        source.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return source;
    }

    /// <summary>Raised for every notification (OnConnected, OnAuthenticationInformation, OnSessionTimedOut, ...).</summary>
    /// <remarks>
    /// Raised on the session's receive loop (<see cref="QixSession"/>'s thread-safety notes). A handler must return
    /// quickly and must not wait synchronously for a call of this session: its answer is read by the loop the
    /// handler is holding, so the wait would never end. Start the call and return, or hand the event to a channel.
    /// </remarks>
    public event EventHandler<QixNotificationEventArgs>? NotificationReceived;

    /// <summary>Raised once when the connection closes, with the close code and reason.</summary>
    /// <remarks>
    /// Raised on the session's receive loop (<see cref="QixSession"/>'s thread-safety notes). A handler must return
    /// quickly and must not wait synchronously for a call of this session: its answer is read by the loop the
    /// handler is holding, so the wait would never end. Start the call and return, or hand the event to a channel.
    /// </remarks>
    public event EventHandler<QixSessionClosedEventArgs>? Closed;

    /// <summary>Raised for a frame that fails no call but is wrong (malformed, unknown id).</summary>
    /// <remarks>
    /// Raised on the session's receive loop (<see cref="QixSession"/>'s thread-safety notes). A handler must return
    /// quickly and must not wait synchronously for a call of this session: its answer is read by the loop the
    /// handler is holding, so the wait would never end. Start the call and return, or hand the event to a channel.
    /// </remarks>
    public event EventHandler<QixProtocolErrorEventArgs>? ProtocolError;

    /// <summary>Raised for every frame sent and received (before it is dispatched).</summary>
    /// <remarks>
    /// Raised on the session's receive loop (<see cref="QixSession"/>'s thread-safety notes). A handler must return
    /// quickly and must not wait synchronously for a call of this session: its answer is read by the loop the
    /// handler is holding, so the wait would never end. Start the call and return, or hand the event to a channel.
    /// </remarks>
    public event EventHandler<QixTrafficEventArgs>? Traffic;

    /// <summary>Whether the connection is open.</summary>
    public bool IsOpen => _closedError is null;

    /// <summary>The number of calls waiting for a response.</summary>
    public int PendingCallCount => _pending.Count;

    /// <summary>Masks this session's secrets, including the cookies the proxy set on its upgrades.</summary>
    internal SecretRedactor Redactor => _redactor;

    /// <summary>The options the session was opened with.</summary>
    public QixSessionOptions Options => _options;

    /// <summary>Connects a transport (a WebSocket to <see cref="QixSessionOptions.Url"/> unless a factory is set) and starts the session.</summary>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The open session.</returns>
    public static async Task<QixSession> OpenAsync(QixSessionOptions options, CancellationToken cancellationToken = default)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var cookies = options.Cookies ?? new CookieContainer();
        var transport = await ConnectTransportAsync(options, cookies, resuming: false, cancellationToken).ConfigureAwait(false);
        return Start(transport, options, cookies);
    }

    /// <summary>The options' transport factory, or a WebSocket carrying the session's cookies (a resume without a spent ticket).</summary>
    private static async ValueTask<IQixTransport> ConnectTransportAsync(QixSessionOptions options, CookieContainer cookies, bool resuming, CancellationToken cancellationToken) =>
        options.TransportFactory is { } factory
            ? await factory(options, cancellationToken).ConfigureAwait(false)
            : await WebSocketTransport.ConnectAsync(options, cookies, resuming, cancellationToken).ConfigureAwait(false);

    /// <summary>Starts a session on a transport that is already connected.</summary>
    /// <param name="transport">The transport.</param>
    /// <param name="options">The options (optional).</param>
    /// <returns>The open session.</returns>
    public static QixSession Start(IQixTransport transport, QixSessionOptions? options = null)
    {
        options ??= new QixSessionOptions();
        return Start(transport, options, options.Cookies ?? new CookieContainer());
    }

    private static QixSession Start(IQixTransport transport, QixSessionOptions options, CookieContainer cookies)
    {
        var session = new QixSession(transport ?? throw new ArgumentNullException(nameof(transport)), options, cookies);
        var epoch = session._epoch;
        session._receiveLoop = Task.Run(() => session.ReceiveLoopAsync(transport, epoch));
        return session;
    }

    /// <summary>Waits for the engine's OnConnected notification and tells a new engine session from a reattached one.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>How the engine started the session.</returns>
    public async Task<QixSessionState> WaitForConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (timeoutSource.Token.Register(() => cancelled.TrySetResult(true)))
        {
            if (await Task.WhenAny(_connected.Task, cancelled.Task).ConfigureAwait(false) == _connected.Task)
            {
                return await _connected.Task.ConfigureAwait(false);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException($"The engine did not send OnConnected within {timeout.TotalMilliseconds:F0} ms.");
    }

    /// <inheritdoc />
    public Task<TResult> InvokeAsync<TResult>(QixRequest request, QixResultReader<TResult> resultReader, CancellationToken cancellationToken)
    {
        if (((QixException?)_closedError ?? _unavailable) is { } unavailable)
        {
            return Task.FromException<TResult>(unavailable);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        var id = Interlocked.Increment(ref _nextId);
        QixRequestCapture.Current?.Record(id);
        return InvokeCoreAsync(id, request, resultReader, cancellationToken);
    }

    /// <inheritdoc />
    public TObject GetOrCreateObject<TObject>(QixObjectReference reference, QixObjectFactory<TObject> factory)
        where TObject : QixObject
    {
        var proxy = _objects.GetOrCreate(this, reference, factory ?? throw new ArgumentNullException(nameof(factory)));
        if (t_decoding is { } origin)
        {
            _origins[reference.Handle] = origin;
        }

        return proxy;
    }

    /// <summary>
    /// Closes the connection (close handshake, code 1000, bounded by <see cref="QixSessionOptions.CloseTimeout"/>),
    /// fails pending calls with <see cref="QixSessionDisposedException"/> and releases the transport. Never throws;
    /// returns within about twice <see cref="QixSessionOptions.CloseTimeout"/> even if the transport does not answer.
    /// </summary>
    /// <returns>A task that completes when the session is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await DisposeCoreAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Dispose runs in finally blocks and `await using`: it must not replace the caller's exception.
            _logger?.LogDebug(e, "QIX session dispose did not complete cleanly");
        }
    }

    private async Task DisposeCoreAsync()
    {
        var closeTimeout = _options.CloseTimeout;
        if (_closedError is null)
        {
            using var deadline = new CancellationTokenSource(closeTimeout);
            try
            {
                await _sendLock.WaitAsync(deadline.Token).ConfigureAwait(false);
                try
                {
                    var transport = _transport;
                    await BoundedWait.ForAsync(() => transport.CloseAsync(1000, "Session disposed", deadline.Token), deadline.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendLock.Release();
                }

                // Give the receive loop the rest of the bound to see the server's close reply.
                await BoundedWait.ForAsync(_receiveLoop, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _logger?.LogDebug(e, "QIX session close handshake did not complete");
            }
        }

        OnConnectionClosed(new QixSessionDisposedException(), 1000, "Session disposed", null);
        _stop.Cancel();
        using var teardown = new CancellationTokenSource(closeTimeout);
        await BoundedWait.ForAsync(_receiveLoop, teardown.Token).ConfigureAwait(false);
        if (!await BoundedWait.ForAsync(_transport.DisposeAsync, teardown.Token).ConfigureAwait(false))
        {
            _logger?.LogDebug("QIX transport did not finish disposing within {Timeout}", closeTimeout);
        }
    }

    private async Task<TResult> InvokeCoreAsync<TResult>(int id, QixRequest request, QixResultReader<TResult> resultReader, CancellationToken cancellationToken)
    {
        var call = new QixCall(request, id);
        var limit = _options.CallTimeout;
        using var timeout = limit is { } bound && bound != Timeout.InfiniteTimeSpan ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        timeout?.CancelAfter(limit!.Value);
        try
        {
            using var response = await _pipeline(call, timeout?.Token ?? cancellationToken).ConfigureAwait(false);
            // Objects created while decoding remember the call that made them, to re-acquire them after a resume.
            t_decoding = request;
            try
            {
                return Decode(response.Frame, resultReader, request.Method);
            }
            finally
            {
                t_decoding = null;
            }
        }
        catch (OperationCanceledException e) when (timeout is not null && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Cancelling already asked the engine to abort the request (CancelRequest) and marked its answer as unwanted.
            throw new QixTimeoutException(request.Method, limit!.Value, e);
        }
    }

    /// <summary>The interceptor chain, outermost first, ending in the engine; built once per session, not per call.</summary>
    private QixCallHandler BuildPipeline(List<IQixInterceptor> interceptors)
    {
        QixCallHandler next = SendAndReceiveAsync;
        for (var i = interceptors.Count - 1; i >= 0; i--)
        {
            var interceptor = interceptors[i];
            var inner = next;
            next = (call, token) => interceptor.InterceptAsync(call, inner, token);
        }

        return next;
    }

    /// <summary>Sends one attempt of a call and waits for its response (the end of the interceptor chain).</summary>
    private async Task<QixRawResponse> SendAndReceiveAsync(QixCall qixCall, CancellationToken cancellationToken)
    {
        // The first attempt uses the id handed out synchronously (so captures see it); retries get new ones.
        var id = qixCall.Attempt++ == 0 ? qixCall.RequestId : Interlocked.Increment(ref _nextId);
        qixCall.RequestId = id;
        var request = qixCall.Request;
        var call = new PendingCall(id, request.Handle, request.Method);
        _pending.Add(call);
        if (Unavailable(qixCall) is { } closed)
        {
            // Closed or suspended between the check in InvokeAsync and the registration: FailAll may have missed this call.
            _pending.Remove(id);
            throw closed;
        }

        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static state => ((CancelState)state!).Cancel(), new CancelState(this, call, cancellationToken))
            : default;
        try
        {
            var delta = _options.Delta && (_options.DeltaPolicy?.Invoke(request) ?? true);
            // The frame goes into the outbox; whoever holds the sender role writes it (possibly with others in one
            // write). A send failure, a close or a cancellation while queued reaches this call through its task.
            Post(new OutgoingFrame(RequestFrameWriter.Write(id, request, delta), call, qixCall.IsInternal));
            // Not awaited (it never throws): the call waits for its answer, not for the sender, so a write held up by
            // an engine that does not read ends the call at its timeout or cancellation, not when the write ends.
            _ = SendPostedAsync();
#if NET8_0_OR_GREATER
            // Started on the connection's receive thread (code after await): should it block for this answer, the
            // reading must move to another thread at once, not a watchdog period later.
            ReceiveThread.CallStarting();
#endif
            var response = await call.Response.ConfigureAwait(false);
            if (response.NeedsDelta)
            {
                ResolveDelta(response, call.Method);
            }

            return new QixRawResponse(response);
        }
        finally
        {
            // A call left without awaiting its response (the frame could not be posted) needs nothing more: a
            // failure set on it later is not a task's, so it cannot surface as an unobserved exception.
            _pending.Remove(id);
        }
    }

    /// <summary>
    /// Patches a delta answer into its full result on the caller's thread; a patch that does not apply fails this
    /// call only, with a typed error naming the operation and path (the value is dropped; the session goes on).
    /// </summary>
    private void ResolveDelta(ResponseFrame response, string method)
    {
        try
        {
            response.ResolveDelta();
        }
        catch (QixProtocolException e)
        {
            response.Dispose();
            var message = Redact(e.Message)!;
            throw message == e.Message ? e : new QixProtocolException(message, e);
        }
        catch (Exception e)
        {
            response.Dispose();
            throw new QixProtocolException($"The engine's delta answer to {method} is not valid: {Redact(e.Message)}", e);
        }
    }

    private TResult Decode<TResult>(ResponseFrame response, QixResultReader<TResult> resultReader, string method)
    {
        var reader = new Utf8JsonReader(response.Result, QixJson.ReaderOptions);
        try
        {
            reader.Read();
            return resultReader(ref reader, this);
        }
        catch (Exception e) when (e is not QixException && e is not OperationCanceledException)
        {
            // Any reader fault (JsonException, InvalidOperationException from a wrong token type, FormatException,
            // OverflowException, ArgumentException, ...) is the engine's answer not fitting the schema.
            throw new QixProtocolException($"The result of {method} does not match the schema: {Redact(e.Message)}", e);
        }
    }

    /// <summary>
    /// The one receive loop of a connection. It never faults: a frame's fault is contained in <see cref="Dispatch"/>,
    /// and anything that still escapes (a bug in the session's own code) closes the session visibly with
    /// <see cref="InternalErrorCloseCode"/> instead of leaving calls waiting on a dead loop.
    /// </summary>
    private async Task ReceiveLoopAsync(IQixTransport transport, int epoch)
    {
        try
        {
            await ReceiveFramesAsync(transport, epoch).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            CloseOnFault(transport, epoch, e);
        }
    }

    private async Task ReceiveFramesAsync(IQixTransport transport, int epoch)
    {
        var token = _stop.Token;
        // One per loop: after a resume the old connection's loop may still be ending while the new one runs.
        var heldAnswer = new AnswerHandOver();
        try
        {
            while (!token.IsCancellationRequested)
            {
                // Nothing rented yet: the transport asks for memory once a message is arriving, so a waiting loop holds no buffer.
                var buffer = new PooledBufferWriter(0);
                // With calls in flight the connection is busy, not idle: it may read with its buffer at once.
                (transport as WebSocketTransport)?.SetAnswerDue(_pending.Count > 0);
                QixReceiveResult received;
                try
                {
                    try
                    {
                        var receiving = transport.ReceiveAsync(buffer, _options.MaxMessageSize, token);
                        received = heldAnswer.IsEmpty
                            ? await receiving.ConfigureAwait(false)
                            : await heldAnswer.WhileReceiving(receiving);
                    }
                    finally
                    {
                        // Not handed over (the receive completed at once, or failed): the answer still reaches its
                        // caller, and before the handlers below raise Closed or ProtocolError: a handler that waits
                        // for that call would otherwise wait for ever (the loop completes it only after the handler).
                        heldAnswer.CompleteQueued();
                    }
                }
                catch (QixMessageTooLargeException tooLarge)
                {
                    buffer.Dispose();
                    OnMessageTooLarge(tooLarge);
                    continue;
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    buffer.Dispose();
                    return;
                }
                catch (Exception e)
                {
                    buffer.Dispose();
                    OnTransportEnded(epoch, 1006, "The connection dropped.", e);
                    return;
                }

                if (received.IsClosed)
                {
                    buffer.Dispose();
                    OnTransportEnded(epoch, received.CloseCode, received.CloseReason, null);
                    return;
                }

                Dispatch(buffer, heldAnswer);
            }
        }
        finally
        {
            // The loop ended (stopped, closed or faulted) with an answer still held: it reaches its caller.
            heldAnswer.CompleteQueued();
        }
    }

    /// <summary>
    /// Handles one frame. Every fault caused by the frame's content is contained here: a frame that names a pending
    /// call fails that call with a <see cref="QixProtocolException"/>; any other bad frame raises
    /// <see cref="ProtocolError"/>. Only a fault in the session's own code escapes (see <see cref="ReceiveLoopAsync"/>).
    /// </summary>
    private void Dispatch(PooledBufferWriter buffer, AnswerHandOver heldAnswer)
    {
        var owned = true;
        try
        {
            var frame = buffer.WrittenSpan;
            if (Traffic is { } receivedHandlers)
            {
                RaiseSafely(() => receivedHandlers(this, new QixTrafficEventArgs(false, buffer.WrittenMemory)), nameof(Traffic));
            }
            LogFrame("Received", frame);

            ParsedFrame parsed;
            try
            {
                parsed = FrameParser.Parse(frame);
            }
            catch (Exception e)
            {
                // JsonException, and InvalidOperationException for text that is not valid UTF-8 or a lone surrogate.
                OnMalformedFrame(frame, e);
                return;
            }

            // Objects learn of changes before the call that caused them completes.
            ApplyObjectLists(parsed);

            if (parsed.Id is { } id && (parsed.HasResult || parsed.HasError))
            {
                if (!_pending.TryRemove(id, out var call))
                {
                    if (_abandoned.TryForget(id, out var abandoned))
                    {
                        if (parsed.Delta && parsed.HasResult && abandoned.Method is { } abandonedMethod)
                        {
                            // Nobody waits for it, but the engine counts it as delivered: the next patch is against it.
                            owned = false;
                            _deltas.Enqueue(abandoned.Handle, abandonedMethod, buffer, parsed.ResultStart, parsed.ResultLength).Release();
                        }

                        _logger?.LogDebug("Dropped the late answer to request {RequestId} (cancelled or timed out)", id);
                    }
                    else
                    {
                        RaiseProtocolError(new QixProtocolException($"The engine answered request {id}, which is not pending."));
                    }

                    return;
                }

                if (parsed.HasError)
                {
                    call.Fail(QixEngineException.For(parsed.ErrorCode, Redact(parsed.ErrorMessage), Redact(parsed.ErrorParameter), call.Method, call.Handle));
                }
                else if (parsed.Delta)
                {
                    // Only queued here, in arrival order per (handle, method); the patch is applied on the caller's
                    // side (ResolveDelta), so a large one never holds up this loop. The answer owns the buffer now.
                    owned = false;
                    heldAnswer.Hold(call, new ResponseFrame(_deltas.Enqueue(call.Handle, call.Method, buffer, parsed.ResultStart, parsed.ResultLength)));
                }
                else
                {
                    owned = false;
                    heldAnswer.Hold(call, new ResponseFrame(buffer, parsed.ResultStart, parsed.ResultLength));
                }
            }
            else if (parsed.Id is { } idWithoutBody)
            {
                if (_pending.TryRemove(idWithoutBody, out var call))
                {
                    call.Fail(new QixProtocolException($"The engine's response to {call.Method} (request {idWithoutBody}) has neither result nor error."));
                }
            }
            else if (parsed.Method is { } method)
            {
                OnNotification(method, parsed.ParamsLength > 0 ? frame.Slice(parsed.ParamsStart, parsed.ParamsLength) : default);
            }
            else if (parsed.HasResult || parsed.HasError)
            {
                RaiseProtocolError(new QixProtocolException("The engine sent a response without a usable request id (missing, not an integer, or out of range)."));
            }
        }
        finally
        {
            if (owned)
            {
                buffer.Dispose();
            }
        }
    }

    /// <summary>
    /// The last resort of the receive loop: a fault escaped <see cref="Dispatch"/>, so what the session holds (pending
    /// calls, delta values, proxies) may be inconsistent. Close for good, visibly (Closed, every pending call failed
    /// with <see cref="QixSessionClosedException"/> code 1011), and tell the engine with a 1011 close frame.
    /// </summary>
    private void CloseOnFault(IQixTransport transport, int epoch, Exception fault)
    {
        try
        {
            _logger?.LogError(fault, "QIX receive path fault ({Type}); the session closes with code {Code}", fault.GetType().FullName, InternalErrorCloseCode);
            if (epoch != Volatile.Read(ref _epoch) || _closedError is not null)
            {
                return; // a connection replaced by a resume, or already closed
            }

            var reason = $"Internal error in the QIX receive path ({fault.GetType().Name}); the session state is unknown.";
            OnConnectionClosed(new QixSessionClosedException(InternalErrorCloseCode, reason, fault), InternalErrorCloseCode, reason, fault);
            _ = SendCloseAsync(transport, InternalErrorCloseCode, "Client internal error");
        }
        catch (Exception e)
        {
            // Nothing more can be done from here; the loop must still end without faulting its task.
            _logger?.LogError(e, "Closing the QIX session after a receive path fault failed");
        }
    }

    private async Task SendCloseAsync(IQixTransport transport, int code, string reason)
    {
        try
        {
            using var deadline = new CancellationTokenSource(_options.CloseTimeout);
            await _sendLock.WaitAsync(deadline.Token).ConfigureAwait(false);
            try
            {
                await BoundedWait.ForAsync(() => transport.CloseAsync(code, reason, deadline.Token), deadline.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e)
        {
            _logger?.LogDebug(e, "The close frame ({Code}) could not be sent", code);
        }
    }

    private void ApplyObjectLists(in ParsedFrame parsed)
    {
        if (parsed.Close is { } close)
        {
            foreach (var handle in close)
            {
                _deltas.RemoveHandle(handle);
                if (_objects.Remove(handle) is { } closedProxy)
                {
                    RaiseSafely(closedProxy.OnClosed, "QixObject.Closed");
                }
            }
        }

        if (parsed.Suspend is { } suspend)
        {
            foreach (var handle in suspend)
            {
                if (_objects.TryGet(handle, out var proxy))
                {
                    RaiseSafely(proxy.OnSuspended, "QixObject.Suspended");
                }
            }
        }

        if (parsed.Change is { } change)
        {
            foreach (var handle in change)
            {
                if (_objects.TryGet(handle, out var proxy))
                {
                    RaiseSafely(proxy.OnChanged, "QixObject.Changed");
                }
            }
        }
    }

    private void OnNotification(string method, ReadOnlySpan<byte> parameters)
    {
        var element = default(JsonElement);
        QixSessionRejectedException? rejection = null;
        try
        {
            if (!parameters.IsEmpty)
            {
                var reader = new Utf8JsonReader(parameters, QixJson.ReaderOptions);
                element = JsonElement.ParseValue(ref reader);
            }

            rejection = SessionRejection.Classify(method, element, Redact);
            if (method == "OnConnected" && rejection is null)
            {
                // Any other shape (a number, null, a missing property) is a state this client does not know.
                var state = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("qSessionState", out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
                _connected.TrySetResult(state switch
                {
                    "SESSION_CREATED" => QixSessionState.Created,
                    "SESSION_ATTACHED" => QixSessionState.Attached,
                    _ => QixSessionState.Other,
                });
            }
        }
        catch (Exception e)
        {
            RaiseProtocolError(new QixProtocolException($"The engine sent a malformed {method} notification: {Redact(e.Message)}", e));
            return;
        }

        if (NotificationReceived is { } handlers)
        {
            RaiseSafely(() => handlers(this, new QixNotificationEventArgs(method, element)), nameof(NotificationReceived));
        }

        if (rejection is not null)
        {
            OnRejected(rejection);
        }
    }

    /// <summary>
    /// The engine or proxy said the session cannot be used: close for good at once (no auto-resume: the same
    /// connection would be refused again), so a connect fails now instead of at its timeout, pending calls fail and
    /// Closed carries the rejection; then close the socket (the proxy closes it too after a fatal message).
    /// </summary>
    private void OnRejected(QixSessionRejectedException rejection)
    {
        if (_closedError is not null)
        {
            return;
        }

        _logger?.LogWarning("QIX session refused: {Message}", rejection.Message);
        OnConnectionClosed(rejection, null, rejection.NotificationMessage ?? rejection.SessionState ?? rejection.Notification, rejection);
        _ = SendCloseAsync(_transport, 1000, "Session refused");
    }

    private void OnMalformedFrame(ReadOnlySpan<byte> frame, Exception error)
    {
        // If the broken frame names its request, that call fails; other calls are untouched.
        var exception = new QixProtocolException($"The engine sent a malformed frame: {Redact(error.Message)}", error);
        if (FrameParser.SniffId(frame.Slice(0, Math.Min(frame.Length, 4096))) is { } id && _pending.TryRemove(id, out var call))
        {
            call.Fail(exception);
        }
        else
        {
            RaiseProtocolError(exception);
        }
    }

    private void OnMessageTooLarge(QixMessageTooLargeException error)
    {
        if (FrameParser.SniffId(error.Head.Span) is { } id && _pending.TryRemove(id, out var call))
        {
            call.Fail(error);
        }
        else
        {
            RaiseProtocolError(error);
        }
    }

    private void RaiseProtocolError(QixProtocolException error)
    {
        _logger?.LogWarning(error, "QIX protocol fault: {Message}", error.Message);
        if (ProtocolError is { } handlers)
        {
            RaiseSafely(() => handlers(this, new QixProtocolErrorEventArgs(error)), nameof(ProtocolError));
        }
    }

    private void OnConnectionClosed(QixSessionClosedException error, int? code, string? reason, Exception? transportError)
    {
        if (_closedError is null)
        {
            _closedError = error;
        }

        _unavailable = _closedError;
        _pending.FailAll(_closedError);
        DiscardOutbox(_closedError);
        _deltas.Clear();
        _origins.Clear();
        _connected.TrySetException(_closedError);
        foreach (var proxy in _objects.RemoveAll())
        {
            RaiseSafely(proxy.OnSessionEnded, "QixObject.Closed");
        }

        if (Interlocked.Exchange(ref _closedRaised, 1) == 0)
        {
            // The reason came from the engine (or a transport error) and may quote a ticket: redacted at the source.
            _logger?.LogDebug("QIX session closed: {Code} {Reason}", code, reason);
            if (Closed is { } handlers)
            {
                RaiseSafely(() => handlers(this, new QixSessionClosedEventArgs(code, reason, transportError)), nameof(Closed));
            }
        }
    }

    /// <summary>
    /// Runs a user event handler. A handler that throws must not stop the receive loop (every later call would hang)
    /// or fail an unrelated call: its exception is logged and dropped.
    /// </summary>
    private void RaiseSafely(Action raise, string what)
    {
        try
        {
            raise();
        }
        catch (Exception e)
        {
            _logger?.LogError(e, "A handler of {Event} threw; the session goes on", what);
        }
    }

    private void LogFrame(string direction, ReadOnlySpan<byte> frame)
    {
        if (_logger is not null && _logger.IsEnabled(LogLevel.Trace))
        {
            _logger.LogTrace("{Direction} {Frame}", direction, _redactor.Redact(Encoding.UTF8.GetString(frame.ToArray())));
        }
    }

    /// <summary>Text from the engine or a transport, with the session's secrets masked in every spelling.</summary>
    private string? Redact(string? text) => text is null ? null : _redactor.Redact(text);

    private sealed class CancelState
    {
        private readonly QixSession _session;
        private readonly PendingCall _call;
        private readonly CancellationToken _token;

        public CancelState(QixSession session, PendingCall call, CancellationToken token)
        {
            _session = session;
            _call = call;
            _token = token;
        }

        public void Cancel()
        {
            // Marked before the call is released: once it is, its id leaves the pending table, and an answer
            // arriving in between must already count as expected (quiet), not as an unknown id. Marked even when it
            // looks unsent: the sender may be writing it at this moment (a delta answer dropped as unknown would
            // leave the next patch applied to the wrong value).
            _session._abandoned.Add(_call.Id, _call.Handle, _call.Method);
            if (_call.Cancel(_token) && _call.IsSent)
            {
                // Read after the call ended: a sender that marks it sent from now on sees it ended and does not write it.
                _ = _session.SendCancelRequestAsync(_call.Id);
            }
            else
            {
                _session._abandoned.TryForget(_call.Id); // completed already, or never written: nothing late to expect
            }
        }
    }
}
