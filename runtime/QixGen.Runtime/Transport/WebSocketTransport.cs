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
    private readonly byte[] _head = new byte[HeadSize]; // reused: there is one receive loop per transport

    /// <summary>Wraps an open WebSocket.</summary>
    /// <param name="socket">The socket.</param>
    public WebSocketTransport(WebSocket socket) => _socket = socket ?? throw new ArgumentNullException(nameof(socket));

    /// <summary>Opens a WebSocket to <see cref="QixSessionOptions.Url"/> with the options' headers, cookies, certificates and proxy.</summary>
    /// <param name="options">The session options.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The transport.</returns>
    /// <exception cref="Errors.QixConnectException">The server answered the upgrade with an HTTP status instead of 101 (.NET 8 and later).</exception>
    public static ValueTask<IQixTransport> ConnectAsync(QixSessionOptions options, CancellationToken cancellationToken) =>
        ConnectAsync(options ?? throw new ArgumentNullException(nameof(options)), options.Cookies, resuming: false, cancellationToken);

    /// <summary>
    /// Opens the socket with <paramref name="cookies"/> (the session's own container: cookies the server sets on the
    /// upgrade are kept there and sent again on a resume). A resume leaves a spent <c>qlikTicket</c> out of the URL.
    /// </summary>
    internal static async ValueTask<IQixTransport> ConnectAsync(QixSessionOptions options, System.Net.CookieContainer? cookies, bool resuming, CancellationToken cancellationToken)
    {
        var url = options.Url ?? throw new ArgumentException("QixSessionOptions.Url is required to connect.", nameof(options));
        if (resuming)
        {
            url = Auth.SpentTicket.Remove(url);
        }

        var socket = new ClientWebSocket();
        try
        {
            foreach (var header in options.Headers)
            {
                socket.Options.SetRequestHeader(header.Key, header.Value);
            }

            if (options.UserAgent is { } userAgent)
            {
                socket.Options.SetRequestHeader("User-Agent", userAgent);
            }

            if (cookies is not null)
            {
                socket.Options.Cookies = cookies;
            }

            if (options.ClientCertificates.Count > 0)
            {
                socket.Options.ClientCertificates = options.ClientCertificates;
            }

#if NET8_0_OR_GREATER
            // Always through our check (the default being "no policy error"), so a rejection can say why.
            var certificateCheck = url.Scheme == "wss" ? new ServerCertificateCheck(options.ServerCertificateValidation) : null;
            if (certificateCheck is not null)
            {
                socket.Options.RemoteCertificateValidationCallback = certificateCheck.Validate;
            }
#else
            if (options.ServerCertificateValidation is not null)
            {
                throw new PlatformNotSupportedException("A custom server certificate validation needs .NET 8 or later (ClientWebSocketOptions.RemoteCertificateValidationCallback).");
            }
#endif

            if (options.Proxy is not null)
            {
                socket.Options.Proxy = options.Proxy;
            }

            if (options.KeepAliveInterval is { } keepAlive)
            {
                socket.Options.KeepAliveInterval = keepAlive;
            }

            socket.Options.UseDefaultCredentials = options.UseDefaultCredentials;
            if (options.Credentials is not null)
            {
                socket.Options.Credentials = options.Credentials;
            }

#if NET8_0_OR_GREATER
            socket.Options.CollectHttpResponseDetails = true;
            try
            {
                await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException e) when (socket.HttpStatusCode != 0 && socket.HttpStatusCode != System.Net.HttpStatusCode.SwitchingProtocols)
            {
                // The server answered, with a status instead of the upgrade: say which and what it usually means.
                throw new Errors.QixConnectException(socket.HttpStatusCode, Traffic.SecretRedactor.For(options).Redact(url.ToString()), e);
            }
            catch (WebSocketException e) when (certificateCheck?.Rejection is { } rejection)
            {
                throw new Errors.QixCertificateException(url.Host, rejection, certificateCheck.RejectedErrors, e);
            }
#else
            // netstandard2.0's ClientWebSocket does not expose the upgrade's status: its WebSocketException stands.
            await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
#endif

            return new WebSocketTransport(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

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
    public async ValueTask<QixReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageSize, CancellationToken cancellationToken)
    {
        var total = 0;
        var head = _head;
        var headLength = 0;
        byte[]? drain = null;
        while (true)
        {
            var memory = drain is null ? destination.GetMemory(16 * 1024) : drain.AsMemory();
            var result = await ReceiveChunkAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                var code = (int?)_socket.CloseStatus ?? (int)WebSocketCloseStatus.NormalClosure;
                var reason = _socket.CloseStatusDescription;
                await AcknowledgeCloseAsync().ConfigureAwait(false);
                return QixReceiveResult.Closed(code, reason);
            }

            if (headLength < HeadSize)
            {
                // Keep the first bytes: if the message turns out too large, they name the call it answers.
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
                    ArrayPool<byte>.Shared.Return(drain);
                    throw new QixMessageTooLargeException(maxMessageSize, head.AsSpan(0, headLength).ToArray());
                }

                return QixReceiveResult.Message(total);
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
        _socket.Dispose();
        return default;
    }

    private async ValueTask<(WebSocketMessageType MessageType, int Count, bool EndOfMessage)> ReceiveChunkAsync(Memory<byte> memory, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        var result = await _socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
        return (result.MessageType, result.Count, result.EndOfMessage);
#else
        var result = await _socket.ReceiveAsync(Segment(memory), cancellationToken).ConfigureAwait(false);
        return (result.MessageType, result.Count, result.EndOfMessage);
#endif
    }

#if !NET8_0_OR_GREATER
    private static ArraySegment<byte> Segment(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) ? segment : new ArraySegment<byte>(memory.ToArray());
#endif
}
