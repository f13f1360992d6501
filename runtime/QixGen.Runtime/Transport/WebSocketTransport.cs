using System;
using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Session;

namespace QixGen.Transport;

/// <summary>A <see cref="IQixTransport"/> over a client WebSocket (the engine's own transport).</summary>
public sealed class WebSocketTransport : IQixTransport
{
    private const int HeadSize = 4096;
    private readonly WebSocket _socket;
#if NET8_0_OR_GREATER
    private readonly ConnectionStream? _stream;
    private readonly ReceiveThread? _receiveThread;
#endif

    /// <summary>Wraps an open WebSocket.</summary>
    /// <param name="socket">The socket.</param>
    public WebSocketTransport(WebSocket socket) => _socket = socket ?? throw new ArgumentNullException(nameof(socket));

#if NET8_0_OR_GREATER
    /// <summary>A WebSocket over our own connection stream (the direct path): sends can be batched.</summary>
    private WebSocketTransport(WebSocket socket, ConnectionStream stream, bool receiveThread)
        : this(socket)
    {
        _stream = stream;
        if (receiveThread)
        {
            _receiveThread = new ReceiveThread(
                ReceiveCoreAsync,
                () => stream.HasBufferedData,
                () => _socket.State is WebSocketState.CloseReceived or WebSocketState.Closed or WebSocketState.Aborted,
                () => stream.AnswerDue,
                "QixGen receive");
            _receiveThread.Start();
        }
    }

    /// <summary>How many times the receive thread's watchdog gave the reading to a new thread (tests); 0 without one.</summary>
    internal int ReceiveThreadTakeovers => _receiveThread?.Takeovers ?? 0;

    /// <summary>How many receive threads are running (tests); 0 without one.</summary>
    internal int ReceiveThreadsAlive => _receiveThread?.LiveThreads ?? 0;

    /// <summary>Whether the receive thread's watchdog timer is armed (tests: not while the connection is idle).</summary>
    internal bool ReceiveThreadWatchdogArmed => _receiveThread?.WatchdogArmed ?? false;

    /// <summary>Whether this connection has a receive thread of its own (<see cref="QixReceiveMode"/>).</summary>
    internal bool HasReceiveThread => _receiveThread is not null;

    /// <summary>Whether sends can be gathered into one write (<see cref="Cork"/>, <see cref="UncorkAsync"/>).</summary>
    internal bool CanBatch => _stream is not null;

    /// <summary>Whether the connection holds a read buffer now (an idle one holds none).</summary>
    internal bool HoldsReadBuffer => _stream?.HoldsReadBuffer ?? false;

    /// <summary>Whether an answer is due (calls in flight): the next read need not wait bufferless first.</summary>
    internal void SetAnswerDue(bool due)
    {
        if (_stream is not null)
        {
            _stream.AnswerDue = due;
        }
    }

    /// <summary>Gathers the messages sent from now on (direct path only; otherwise nothing happens).</summary>
    internal void Cork() => _stream?.Cork();

    /// <summary>Writes the gathered messages in one write.</summary>
    internal ValueTask UncorkAsync(CancellationToken cancellationToken) => _stream?.UncorkAsync(cancellationToken) ?? default;
#else
    internal bool CanBatch => false;

    internal void SetAnswerDue(bool due)
    {
    }

    internal void Cork()
    {
    }

    internal ValueTask UncorkAsync(CancellationToken cancellationToken) => default;
#endif

    /// <summary>
    /// Opens a WebSocket to <see cref="QixSessionOptions.Url"/> with the options' headers, cookies, certificates and proxy.
    /// On .NET 8 and later the direct path (own HTTP/1.1 upgrade, batched reads and writes) is taken unless the options
    /// need ClientWebSocket (a proxy, Windows or Negotiate credentials, <see cref="QixSessionOptions.UseClientWebSocket"/>);
    /// see docs/connecting.md, "Which WebSocket path".
    /// </summary>
    /// <param name="options">The session options.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The transport.</returns>
    /// <exception cref="Errors.QixConnectException">The server answered the upgrade with an HTTP status instead of 101 (.NET 8 and later).</exception>
    /// <exception cref="Errors.QixCertificateException">The server's certificate was refused (.NET 8 and later).</exception>
    /// <exception cref="Errors.QixTimeoutException">Connecting, TLS and the upgrade answer took longer than 30 s together.</exception>
    public static ValueTask<IQixTransport> ConnectAsync(QixSessionOptions options, CancellationToken cancellationToken) =>
        ConnectAsync(options ?? throw new ArgumentNullException(nameof(options)), options.Cookies, resuming: false, cancellationToken);

    /// <summary>
    /// Opens the socket with <paramref name="cookies"/> (the session's own container: cookies the server sets on the
    /// upgrade are kept there and sent again on a resume). A resume leaves a spent <c>qlikTicket</c> out of the URL.
    /// </summary>
    internal static async ValueTask<IQixTransport> ConnectAsync(QixSessionOptions options, System.Net.CookieContainer? cookies, bool resuming, CancellationToken cancellationToken)
    {
        var url = options.Url ?? throw new ArgumentException("QixSessionOptions.Url is required to connect.", nameof(options));
        if (options.ReceiveMode is not (QixReceiveMode.Auto or QixReceiveMode.DedicatedThread or QixReceiveMode.ThreadPool))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ReceiveMode, "QixSessionOptions.ReceiveMode is not a QixReceiveMode value.");
        }

        if (resuming)
        {
            url = Auth.SpentTicket.Remove(url);
        }

#if NET8_0_OR_GREATER
        if (DirectUpgrade.IsUsable(options, url))
        {
            // The slot is the receive thread's from here on; it gives it back when the connection ends or is disposed.
            var threaded = TakeReceiveThreadSlot(options.ReceiveMode);
            try
            {
                var (socket, stream) = await DirectUpgrade.ConnectAsync(url, options, cookies, threaded, cancellationToken).ConfigureAwait(false);
                return new WebSocketTransport(socket, stream, receiveThread: threaded);
            }
            catch when (threaded)
            {
                ReceiveThreadSlots.Give();
                throw;
            }
        }
#endif

        return new WebSocketTransport(await ClientWebSocketConnector.ConnectAsync(url, options, cookies, cancellationToken).ConfigureAwait(false));
    }

#if NET8_0_OR_GREATER
    /// <summary>Whether this connection gets a receive thread of its own (<see cref="QixReceiveMode"/>).</summary>
    private static bool TakeReceiveThreadSlot(QixReceiveMode mode)
    {
        if (mode == QixReceiveMode.DedicatedThread)
        {
            ReceiveThreadSlots.Take();
            return true;
        }

        return mode == QixReceiveMode.Auto && ReceiveThreadSlots.TryTake();
    }
#endif

    /// <inheritdoc />
    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        return _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
#else
        return new ValueTask(_socket.SendAsync(Segment(message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken));
#endif
    }

    /// <inheritdoc />
    public ValueTask<QixReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageSize, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        if (_receiveThread is { } receiveThread)
        {
            return receiveThread.ReceiveAsync(destination, maxMessageSize, cancellationToken);
        }
#endif
        return ReceiveCoreAsync(destination, maxMessageSize, cancellationToken);
    }

#if NET8_0_OR_GREATER
    // Pooled builder: a receive that waits for the network allocates no state machine box (one per message otherwise).
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private async ValueTask<QixReceiveResult> ReceiveCoreAsync(IBufferWriter<byte> destination, int maxMessageSize, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        // Wait for the next message without memory: the destination rents its buffer only once data is here, so an
        // idle session holds none. Control frames (ping, pong) are answered inside the wait.
        var first = await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        if (first.MessageType == WebSocketMessageType.Close)
        {
            return await ClosedAsync().ConfigureAwait(false);
        }

        if (first.EndOfMessage)
        {
            return QixReceiveResult.Message(0);
        }
#endif

        var total = 0;
        byte[]? head = null; // rented for a message of more than one chunk: if it turns out too large, it names its call
        var headLength = 0;
        byte[]? drain = null;
        try
        {
            while (true)
            {
                var memory = drain is null ? destination.GetMemory(16 * 1024) : drain.AsMemory();
                var result = await ReceiveChunkAsync(memory, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return await ClosedAsync().ConfigureAwait(false);
                }

                if ((!result.EndOfMessage || total > 0 || result.Count > maxMessageSize) && headLength < HeadSize)
                {
                    head ??= ArrayPool<byte>.Shared.Rent(HeadSize);
                    var take = Math.Min(HeadSize - headLength, result.Count);
                    memory.Span.Slice(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                }

                total += result.Count;
                if (drain is null)
                {
                    if (total > maxMessageSize)
                    {
                        // Too large: stop storing and drain the rest, so the stream stays in step for the next message.
                        drain = ArrayPool<byte>.Shared.Rent(64 * 1024);
                    }
                    else
                    {
                        destination.Advance(result.Count);
                    }
                }

                if (result.EndOfMessage)
                {
                    if (drain is not null)
                    {
                        throw new QixMessageTooLargeException(maxMessageSize, head.AsSpan(0, headLength).ToArray());
                    }

                    return QixReceiveResult.Message(total);
                }
            }
        }
        finally
        {
            if (head is not null)
            {
                ArrayPool<byte>.Shared.Return(head);
            }

            if (drain is not null)
            {
                ArrayPool<byte>.Shared.Return(drain);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(int closeCode, string? reason, CancellationToken cancellationToken)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            // Close the output side only: the session's receive loop sees the peer's close reply.
            await _socket.CloseOutputAsync((WebSocketCloseStatus)closeCode, reason, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<QixReceiveResult> ClosedAsync()
    {
        var code = (int?)_socket.CloseStatus ?? (int)WebSocketCloseStatus.NormalClosure;
        var reason = _socket.CloseStatusDescription;
        await AcknowledgeCloseAsync().ConfigureAwait(false);
        return QixReceiveResult.Closed(code, reason);
    }

    /// <summary>Completes a close handshake the server started (the server waits for our close frame).</summary>
    private async Task AcknowledgeCloseAsync()
    {
        if (_socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, _socket.CloseStatusDescription, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException || e is OperationCanceledException || e is ObjectDisposedException)
        {
            // The peer is gone already: nothing left to acknowledge.
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        // Disposing the socket closes the connection, which ends a blocking read on the receive thread.
        _socket.Dispose();
#if NET8_0_OR_GREATER
        _receiveThread?.Dispose();
#endif
        return default;
    }

#if NET8_0_OR_GREATER
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private async ValueTask<(WebSocketMessageType MessageType, int Count, bool EndOfMessage)> ReceiveChunkAsync(Memory<byte> memory, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        var result = await _socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
        return (result.MessageType, result.Count, result.EndOfMessage);
#else
        if (MemoryMarshal.TryGetArray<byte>(memory, out var segment))
        {
            var result = await _socket.ReceiveAsync(segment, cancellationToken).ConfigureAwait(false);
            return (result.MessageType, result.Count, result.EndOfMessage);
        }

        // A caller's writer over memory that is not an array: receive into a rented one and copy what arrived (a
        // segment over a copy of the memory would keep the bytes from the caller).
        var length = Math.Min(memory.Length, 64 * 1024);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var result = await _socket.ReceiveAsync(new ArraySegment<byte>(rented, 0, length), cancellationToken).ConfigureAwait(false);
            rented.AsSpan(0, result.Count).CopyTo(memory.Span);
            return (result.MessageType, result.Count, result.EndOfMessage);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
#endif
    }

#if !NET8_0_OR_GREATER
    /// <summary>The memory as an array segment, copied when it is not an array's (a send only reads it).</summary>
    private static ArraySegment<byte> Segment(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) ? segment : new ArraySegment<byte>(memory.ToArray());
#endif
}
