using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using QixGen.Transport;

namespace QixGen.Session;

/// <summary>How a <see cref="QixSession"/> connects and behaves.</summary>
public sealed class QixSessionOptions
{
    private TimeSpan _resumeTimeout = TimeSpan.FromSeconds(30);
    private TimeSpan? _callTimeout;
    private TimeSpan _closeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The engine's WebSocket URL (see <see cref="Auth.QixUrlBuilder"/>).</summary>
    public Uri? Url { get; set; }

    /// <summary>Headers sent with the WebSocket upgrade request (Authorization, X-Qlik-User, ...). Values are redacted from logs.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Cookies sent with the upgrade request (e.g. a Qlik session cookie to reattach); cookies the server sets on the
    /// upgrade are added to it. When null, each session keeps its own container for its life, so the proxy's session
    /// cookie is sent again on resume (a one-time <c>qlikTicket</c> is never replayed). Values are redacted from logs.
    /// </summary>
    public CookieContainer? Cookies { get; set; }

    /// <summary>Client certificates (Qlik Sense Enterprise direct engine access on port 4747).</summary>
    public X509CertificateCollection ClientCertificates { get; } = new X509CertificateCollection();

    /// <summary>
    /// Validates the server's certificate. Null (the default) uses the system's validation; QMC-exported
    /// self-signed roots can be trusted with <see cref="QixAuthentication.TrustRoot"/>. Needs .NET 8 or later: in the
    /// netstandard2.0 build (.NET Framework) a <c>wss://</c> connect with one set throws
    /// <see cref="System.PlatformNotSupportedException"/>; <c>ws://</c> has no certificate and ignores it.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>A proxy for the WebSocket connection.</summary>
    public IWebProxy? Proxy { get; set; }

    /// <summary>The WebSocket keep-alive (ping) interval; null keeps the platform default.</summary>
    public TimeSpan? KeepAliveInterval { get; set; }

    /// <summary>The User-Agent header.</summary>
    public string? UserAgent { get; set; }

    /// <summary>Send the current Windows user's credentials (Qlik Sense Enterprise with Windows authentication).</summary>
    public bool UseDefaultCredentials { get; set; }

    /// <summary>Credentials for the upgrade request (NTLM/Kerberos/Basic through a virtual proxy).</summary>
    public ICredentials? Credentials { get; set; }

    /// <summary>
    /// Connect through <see cref="System.Net.WebSockets.ClientWebSocket"/> even where the direct path could be used.
    /// By default (false), on .NET 8 and later, a ws:// or wss:// URL without a proxy and without
    /// <see cref="Credentials"/> or <see cref="UseDefaultCredentials"/> takes the direct path: the session's own
    /// HTTP/1.1 upgrade over TCP or TLS, reading and writing many frames per system call. See docs/connecting.md.
    /// </summary>
    public bool UseClientWebSocket { get; set; }

    /// <summary>
    /// How the connection waits for answers: a receive thread of its own for the first few sessions of the process,
    /// the thread pool beyond (<see cref="QixReceiveMode.Auto"/>, the default), or either always. Only the direct path
    /// on .NET 8 and later has a choice (<see cref="UseClientWebSocket"/> false, no proxy, no credentials); elsewhere
    /// the session receives through the thread pool. See docs/connecting.md and docs/performance.md, "Receive thread".
    /// </summary>
    public QixReceiveMode ReceiveMode { get; set; }

    /// <summary>Creates the transport instead of a WebSocket (tests, the simulator, replays).</summary>
    public Func<QixSessionOptions, CancellationToken, ValueTask<IQixTransport>>? TransportFactory { get; set; }

    /// <summary>The largest message accepted from the engine, in bytes (default 256 MiB). A larger one fails only the call it answers.</summary>
    public int MaxMessageSize { get; set; } = 256 * 1024 * 1024;

    /// <summary>Receives Trace logs of every frame (secrets redacted) and warnings about protocol faults.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>
    /// Use the engine's delta protocol (on by default, as in enigma.js): requests carry <c>delta:true</c> and the
    /// engine answers changed values as JSON-Patch arrays against what this session already holds.
    /// </summary>
    public bool Delta { get; set; } = true;

    /// <summary>Per-call delta policy: return false for requests that should be answered in full. Null: every request.</summary>
    public Func<Protocol.QixRequest, bool>? DeltaPolicy { get; set; }

    /// <summary>Request/response middleware, outermost first (retry, metrics, tracing, your own).</summary>
    public IList<Interceptors.IQixInterceptor> Interceptors { get; } = new List<Interceptors.IQixInterceptor>();

    /// <summary>Your own proxy classes by <c>qGenericType</c> (e.g. "sheet"), used when the engine returns such an object.</summary>
    public Objects.QixObjectTypeRegistry ObjectTypes { get; } = new Objects.QixObjectTypeRegistry();

    /// <summary>On an unexpected close, suspend instead of closing and try to resume (with <see cref="ResumeRetries"/> and backoff).</summary>
    public bool SuspendOnUnexpectedClose { get; set; }

    /// <summary>How many times an automatic resume is tried (default 5).</summary>
    public int ResumeRetries { get; set; } = 5;

    /// <summary>The first delay between automatic resume attempts (default 500 ms), doubled each time.</summary>
    public TimeSpan ResumeRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long one resume attempt may take in total: reconnecting, waiting for the engine's OnConnected and
    /// re-acquiring every object (default 30 s). When it passes, the attempt fails with
    /// <see cref="Errors.QixTimeoutException"/> and the session is suspended again (an automatic resume tries again).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive (nor <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    public TimeSpan ResumeTimeout
    {
        get => _resumeTimeout;
        set => _resumeTimeout = CheckBound(value, nameof(ResumeTimeout));
    }

    /// <summary>
    /// How long one call may wait for the engine's answer, per call including interceptor retries; null (the
    /// default) for no bound. When it passes, the call fails with <see cref="Errors.QixTimeoutException"/>, the
    /// session sends Global.CancelRequest for it (as for a cancelled call) and drops its late answer quietly.
    /// Off by default, as in enigma.js: DoReload, GetTablesAndKeys or a large hypercube can legitimately run for
    /// minutes to hours, and a default bound would fail them. A lost connection already fails every pending call
    /// (set <see cref="KeepAliveInterval"/> to find dead peers sooner); pass a CancellationToken or set this bound
    /// to guard against an engine that keeps the connection but never answers.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive (nor <see cref="Timeout.InfiniteTimeSpan"/>, which means none).</exception>
    public TimeSpan? CallTimeout
    {
        get => _callTimeout;
        set => _callTimeout = value is { } bound ? CheckBound(bound, nameof(CallTimeout)) : null;
    }

    /// <summary>
    /// How long <see cref="QixSession.DisposeAsync"/> waits for the close handshake (default 5 s); after it the
    /// transport is released without it. Dispose returns within about twice this bound and never throws.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive (nor <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    public TimeSpan CloseTimeout
    {
        get => _closeTimeout;
        set => _closeTimeout = CheckBound(value, nameof(CloseTimeout));
    }

    /// <summary>More secret values to redact from logs and recordings (tickets, API keys) beyond headers and cookies.</summary>
    public ICollection<string> Secrets { get; } = new List<string>();

    private static TimeSpan CheckBound(TimeSpan value, string name) =>
        value > TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue || value == Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "A bound must be positive and at most int.MaxValue milliseconds, or Timeout.InfiniteTimeSpan.");
}
