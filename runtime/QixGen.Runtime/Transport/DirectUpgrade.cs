#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Session;

namespace QixGen.Transport;

/// <summary>
/// The direct WebSocket path: a TCP connection (TLS for wss), our own HTTP/1.1 upgrade request, then the framework's
/// RFC 6455 framing (<see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>) over a
/// <see cref="ConnectionStream"/> that reads many frames per receive and writes many frames per send. Used when no
/// HTTP proxy and no Windows/Negotiate credentials are involved (<see cref="IsUsable"/>); everything else goes through
/// <see cref="System.Net.WebSockets.ClientWebSocket"/>.
/// </summary>
internal static class DirectUpgrade
{
    /// <summary>The longest upgrade answer read (status line and headers); more is a server that sends garbage.</summary>
    private const int MaxHeaderBytes = 64 * 1024;
    private const int MaxHeaderLineBytes = 16 * 1024;
    private static readonly byte[] s_acceptGuid = Encoding.ASCII.GetBytes("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");

    /// <summary>
    /// Whether the direct path can connect with <paramref name="options"/> to <paramref name="url"/>: not asked for
    /// ClientWebSocket, no proxy (neither the options' nor the system's for this URL), no credentials for
    /// NTLM/Negotiate/Basic challenges (ClientWebSocket answers those; the direct path sends one request).
    /// </summary>
    public static bool IsUsable(QixSessionOptions options, Uri url)
    {
        if (options.UseClientWebSocket || options.Proxy is not null || options.UseDefaultCredentials || options.Credentials is not null)
        {
            return false;
        }

        if (url.Scheme != "ws" && url.Scheme != "wss")
        {
            return false;
        }

        // ClientWebSocket goes through the system proxy (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) when one applies.
        var http = HttpUri(url);
        var proxy = HttpClient.DefaultProxy;
        return proxy.IsBypassed(http) || proxy.GetProxy(http) is not { } via || via == http;
    }

    /// <summary>
    /// Connects and upgrades; the returned stream is the one under the returned WebSocket. With
    /// <paramref name="blocking"/> the socket only ever sees synchronous calls (for <see cref="ReceiveThread"/>): the
    /// name resolved first, a blocking connect, then non-blocking reads and writes through <see cref="BlockingSocketStream"/>.
    /// </summary>
    /// <exception cref="Errors.QixConnectException">The server answered the upgrade with a status other than 101.</exception>
    /// <exception cref="Errors.QixCertificateException">The server's certificate was refused.</exception>
    /// <exception cref="WebSocketException">The connection failed, or the server's answer is not a WebSocket handshake.</exception>
    /// <exception cref="Errors.QixTimeoutException">Connecting, TLS and the upgrade took longer than <see cref="UpgradeBound.Timeout"/>.</exception>
    public static ValueTask<(WebSocket Socket, ConnectionStream Stream)> ConnectAsync(Uri url, QixSessionOptions options, CookieContainer? cookies, bool blocking, CancellationToken cancellationToken) =>
        UpgradeBound.RunAsync(
            token => blocking
                ? new ValueTask<(WebSocket Socket, ConnectionStream Stream)>(ConnectBlockingAsync(url, options, cookies, token))
                : ConnectCoreAsync(url, options, cookies, addresses: null, token),
            cancellationToken);

    /// <summary>
    /// Connects, then TLS and the upgrade. With <paramref name="addresses"/> (the blocking path, resolved before) the
    /// socket sees synchronous calls only; without, it is the async path, which resolves the name itself.
    /// </summary>
    private static async ValueTask<(WebSocket Socket, ConnectionStream Stream)> ConnectCoreAsync(Uri url, QixSessionOptions options, CookieContainer? cookies, IPAddress[]? addresses, CancellationToken cancellationToken)
    {
        var secure = url.Scheme == "wss";
        var blocking = addresses is not null;
        var socket = blocking ? ConnectBlocking(addresses!, url, cancellationToken) : await ConnectSocketAsync(url, cancellationToken).ConfigureAwait(false);
        Stream? transport = null;
        try
        {
            transport = blocking ? new BlockingSocketStream(socket) : new NetworkStream(socket, ownsSocket: true);
            if (secure)
            {
                transport = await AuthenticateAsync(transport, url, options, cancellationToken).ConfigureAwait(false);
            }

            var stream = new ConnectionStream(transport);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            await stream.WriteAsync(BuildRequest(url, key, options, cookies), cancellationToken).ConfigureAwait(false);
            await ReadAnswerAsync(stream, url, key, options, cookies, cancellationToken).ConfigureAwait(false);
            var webSocket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
            {
                IsServer = false,
                KeepAliveInterval = options.KeepAliveInterval ?? WebSocket.DefaultKeepAliveInterval,
            });
            return (webSocket, stream);
        }
        catch
        {
            if (transport is not null)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// The connect, TLS handshake and upgrade with synchronous socket calls (the socket must never see an async
    /// operation), on a thread of their own so the caller is not held; awaited within the token. The host name is
    /// resolved first, asynchronously and within the token (a resolver that hangs holds no thread of ours), then the
    /// thread connects to its addresses in the order the resolver gave them. A cancelled token closes the socket, which
    /// ends a blocked read or write; should the kernel still be busy with a blocking connect, the caller returns at once
    /// and the thread ends when the kernel gives up (a connection made by then is closed).
    /// </summary>
    private static async Task<(WebSocket Socket, ConnectionStream Stream)> ConnectBlockingAsync(Uri url, QixSessionOptions options, CookieContainer? cookies, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(url, cancellationToken).ConfigureAwait(false);
        var connecting = Task.Factory.StartNew(
            () => ConnectCoreAsync(url, options, cookies, addresses, cancellationToken).AsTask(),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();
        try
        {
            return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _ = connecting.ContinueWith(
                static t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        t.Result.Socket.Dispose();
                    }

                    _ = t.Exception;
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>The host's addresses in the resolver's order (IPv6 and IPv4 as the system sorts them); an IP literal as is.</summary>
    /// <exception cref="WebSocketException">The name does not resolve (or resolves to no address).</exception>
    internal static async Task<IPAddress[]> ResolveAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(url.DnsSafeHost, out var literal))
        {
            return new[] { literal };
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0 ? addresses : throw new SocketException((int)SocketError.HostNotFound);
        }
        catch (SocketException e)
        {
            throw UnableToConnect(url, e);
        }
    }

    /// <summary>
    /// A blocking connect to each address in turn until one accepts (as <see cref="Socket.Connect(EndPoint)"/> with a
    /// <see cref="DnsEndPoint"/> does); the socket never sees an async operation. A cancelled token closes the socket
    /// being connected.
    /// </summary>
    private static Socket ConnectBlocking(IPAddress[] addresses, Uri url, CancellationToken cancellationToken)
    {
        SocketException? failure = null;
        foreach (var address in addresses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using (cancellationToken.UnsafeRegister(static socket => ((Socket)socket!).Dispose(), socket))
                {
                    socket.Connect(new IPEndPoint(address, url.Port));
                }

                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw UnableToConnect(url, failure ?? new SocketException((int)SocketError.HostNotFound));
    }

    private static async ValueTask<Socket> ConnectSocketAsync(Uri url, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(url.IdnHost, url.Port), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw UnableToConnect(url, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static WebSocketException UnableToConnect(Uri url, SocketException e) =>
        new WebSocketException(WebSocketError.Faulted, $"Unable to connect to {url.Host}:{url.Port.ToString(CultureInfo.InvariantCulture)}: {e.Message}", e);

    private static async ValueTask<Stream> AuthenticateAsync(Stream transport, Uri url, QixSessionOptions options, CancellationToken cancellationToken)
    {
        var check = new ServerCertificateCheck(options.ServerCertificateValidation);
        var tls = new SslStream(transport, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = url.IdnHost,
                ClientCertificates = options.ClientCertificates.Count > 0 ? options.ClientCertificates : null,
                RemoteCertificateValidationCallback = check.Validate,
                // As SocketsHttpHandler under ClientWebSocket: no revocation check unless asked for.
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch (AuthenticationException e) when (check.Rejection is { } rejection)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new Errors.QixCertificateException(url.Host, rejection, check.RejectedErrors, new WebSocketException(WebSocketError.Faulted, "The TLS handshake failed.", e));
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static byte[] BuildRequest(Uri url, string key, QixSessionOptions options, CookieContainer? cookies)
    {
        var request = new StringBuilder(512);
        request.Append("GET ").Append(url.PathAndQuery).Append(" HTTP/1.1\r\n");
        request.Append("Host: ").Append(url.IdnHost);
        if (!url.IsDefaultPort)
        {
            request.Append(':').Append(url.Port.ToString(CultureInfo.InvariantCulture));
        }

        request.Append("\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ").Append(key).Append("\r\n");
        foreach (var header in options.Headers)
        {
            AppendHeader(request, header.Key, header.Value);
        }

        if (options.UserAgent is { } userAgent)
        {
            AppendHeader(request, "User-Agent", userAgent);
        }

        if (cookies?.GetCookieHeader(HttpUri(url)) is { Length: > 0 } cookieHeader)
        {
            AppendHeader(request, "Cookie", cookieHeader);
        }

        request.Append("\r\n");
        return Encoding.UTF8.GetBytes(request.ToString());
    }

    /// <summary>A header from the options, refused if it could smuggle a second header or request (CR, LF) or is not a token.</summary>
    private static void AppendHeader(StringBuilder request, string name, string value)
    {
        foreach (var c in name)
        {
            if (c <= ' ' || c >= 127 || c == ':' || c == '(' || c == ')' || c == ',' || c == ';' || c == '"' || c == '/' || c == '[' || c == ']' || c == '?' || c == '=' || c == '{' || c == '}' || c == '@' || c == '<' || c == '>' || c == '\\')
            {
                throw new ArgumentException($"The header name '{name}' is not a valid HTTP token.", nameof(name));
            }
        }

        if (value.IndexOfAny(new[] { '\r', '\n', '\0' }) >= 0)
        {
            throw new ArgumentException($"The value of header '{name}' contains a line break.", nameof(value));
        }

        if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Sec-WebSocket-", StringComparison.OrdinalIgnoreCase) ||
            name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The header '{name}' is set by the WebSocket handshake itself.", nameof(name));
        }

        request.Append(name).Append(": ").Append(value).Append("\r\n");
    }

    private static async ValueTask ReadAnswerAsync(ConnectionStream stream, Uri url, string key, QixSessionOptions options, CookieContainer? cookies, CancellationToken cancellationToken)
    {
        var statusLine = await stream.ReadLineAsync(MaxHeaderLineBytes, cancellationToken).ConfigureAwait(false)
            ?? throw NotAHandshake("the server closed the connection without answering the upgrade");

        // "HTTP/1.1 101 Switching Protocols"
        if (!statusLine.StartsWith("HTTP/1.", StringComparison.Ordinal) || statusLine.Length < 12 || statusLine[8] != ' ' ||
            !int.TryParse(statusLine.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw NotAHandshake($"the answer does not start with an HTTP status line ({Quote(statusLine)})");
        }

        var headers = new List<KeyValuePair<string, string>>();
        var total = statusLine.Length;
        while (true)
        {
            var line = await stream.ReadLineAsync(MaxHeaderLineBytes, cancellationToken).ConfigureAwait(false)
                ?? throw NotAHandshake("the server closed the connection in the middle of its headers");
            if (line.Length == 0)
            {
                break;
            }

            total += line.Length;
            if (total > MaxHeaderBytes)
            {
                throw NotAHandshake($"its headers pass {MaxHeaderBytes} bytes");
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw NotAHandshake($"a header line has no name ({Quote(line)})");
            }

            headers.Add(new KeyValuePair<string, string>(line.Substring(0, colon).Trim(), line.Substring(colon + 1).Trim()));
        }

        if (status != 101)
        {
            var redacted = Traffic.SecretRedactor.For(options).Redact(url.ToString());
            throw new Errors.QixConnectException((HttpStatusCode)status, redacted,
                new WebSocketException(WebSocketError.NotAWebSocket, $"The server returned status code '{status.ToString(CultureInfo.InvariantCulture)}' when status code '101' was expected."));
        }

        string? upgrade = null, connection = null, accept = null;
        foreach (var header in headers)
        {
            if (header.Key.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
            {
                upgrade = header.Value;
            }
            else if (header.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                connection = header.Value;
            }
            else if (header.Key.Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase))
            {
                accept = header.Value;
            }
            else if (header.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) && cookies is not null)
            {
                try
                {
                    cookies.SetCookies(HttpUri(url), header.Value);
                }
                catch (CookieException)
                {
                    // As ClientWebSocket: a cookie the container refuses is dropped, the upgrade stands.
                }
            }
            else if (header.Key.Equals("Sec-WebSocket-Extensions", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Sec-WebSocket-Protocol", StringComparison.OrdinalIgnoreCase))
            {
                throw NotAHandshake($"it selected {header.Key} '{Quote(header.Value)}', which was not offered");
            }
        }

        if (!string.Equals(upgrade, "websocket", StringComparison.OrdinalIgnoreCase) || connection is null || !HasToken(connection, "upgrade"))
        {
            throw NotAHandshake("the 101 answer lacks 'Upgrade: websocket' and 'Connection: Upgrade'");
        }

        if (accept != ExpectedAccept(key))
        {
            throw NotAHandshake("its Sec-WebSocket-Accept does not match the key sent");
        }
    }

    private static string ExpectedAccept(string key)
    {
        var bytes = new byte[key.Length + s_acceptGuid.Length];
        Encoding.ASCII.GetBytes(key, 0, key.Length, bytes, 0);
        s_acceptGuid.CopyTo(bytes, key.Length);
        return Convert.ToBase64String(SHA1.HashData(bytes));
    }

    private static bool HasToken(string list, string token)
    {
        foreach (var part in list.Split(','))
        {
            if (part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static Uri HttpUri(Uri url) => new UriBuilder(url) { Scheme = url.Scheme == "wss" ? "https" : "http" }.Uri;

    private static WebSocketException NotAHandshake(string why) =>
        new WebSocketException(WebSocketError.HeaderError, $"The server's answer to the WebSocket upgrade is not a valid handshake: {why}.");

    /// <summary>Up to 80 characters of what the server sent, control characters escaped (it is untrusted text).</summary>
    private static string Quote(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length > 80 ? text.Substring(0, 80) : text)
        {
            shown.Append(c < ' ' || c >= 127 ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture) : c.ToString());
        }

        return text.Length > 80 ? shown + "..." : shown.ToString();
    }
}
#endif
