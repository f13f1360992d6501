using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Testing.Data;
using QixGen.Testing.Session;
using QixGen.Transport;

namespace QixGen.Testing.Hosting;

/// <summary>
/// An in-process Qlik Associative Engine: registered apps, any number of sessions over in-memory transports or
/// a WebSocket server on 127.0.0.1, answering the real QIX JSON-RPC protocol (OnConnected, handles, change and
/// close lists, delta patches, LOCERR error codes).
/// </summary>
/// <example>
/// <code>
/// await using var engine = new QixEngineSimulator();
/// engine.AddApp(new AppBuilder("Sales.qvf").Table("Sales", t => t.Columns("Region", "Amount").Row("Nordic", 10)));
/// IQixTransport transport = engine.ConnectInMemory();        // or: Uri url = await engine.StartWebSocketServerAsync();
/// </code>
/// </example>
public sealed class QixEngineSimulator : IAsyncDisposable, ISimulatorHost
{
    private readonly ConcurrentDictionary<string, QixApp> _apps = new ConcurrentDictionary<string, QixApp>(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Task, byte> _sessions = new ConcurrentDictionary<Task, byte>();
    private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
    private readonly SemaphoreSlim _serverLock = new SemaphoreSlim(1, 1);
    private WebSocketServer? _server;
    private int _disposed;

    /// <summary>Creates a simulator with no apps.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    public QixEngineSimulator(QixSimulatorOptions? options = null) => Options = options ?? new QixSimulatorOptions();

    /// <summary>The settings.</summary>
    public QixSimulatorOptions Options { get; }

    /// <summary>Sessions whose connection ended but whose TTL has not: a client may reattach to them.</summary>
    private readonly ConcurrentDictionary<string, (SimulatorSession Session, DateTime Expires)> _detached =
        new ConcurrentDictionary<string, (SimulatorSession Session, DateTime Expires)>(StringComparer.Ordinal);

    /// <summary>The registered apps.</summary>
    public IReadOnlyCollection<QixApp> Apps => _apps.Values.ToList();

    /// <summary>The WebSocket server's address once started.</summary>
    public Uri? WebSocketUri => _server?.Uri;

    /// <summary>How many sessions are connected now.</summary>
    public int ActiveSessionCount => _sessions.Keys.Count(t => !t.IsCompleted);

    IReadOnlyCollection<QixApp> ISimulatorHost.ListedApps => _apps.Values.Where(a => !a.IsSessionApp).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();

    /// <summary>Registers an app (replacing one with the same id).</summary>
    /// <param name="app">The app.</param>
    /// <returns>The app.</returns>
    public QixApp AddApp(QixApp app)
    {
        _apps[(app ?? throw new ArgumentNullException(nameof(app))).Id] = app;
        return app;
    }

    /// <summary>Builds and registers an app.</summary>
    /// <param name="app">The app's builder.</param>
    /// <returns>The app.</returns>
    public QixApp AddApp(AppBuilder app) => AddApp((app ?? throw new ArgumentNullException(nameof(app))).Build());

    /// <summary>Starts a new engine session and returns the client's end of its in-memory transport.</summary>
    /// <returns>The client transport; the session first sends OnConnected.</returns>
    public IQixTransport ConnectInMemory() => ConnectInMemory(null, TimeSpan.Zero);

    /// <summary>
    /// Connects in memory to the session kept for <paramref name="identity"/> if it is still within its time to live
    /// (OnConnected says SESSION_ATTACHED, handles and selections are as they were), else to a new one
    /// (SESSION_CREATED). When the connection closes, the session is kept for <paramref name="ttl"/>.
    /// </summary>
    /// <param name="identity">The session's identity (the <c>/identity/ID</c> of an engine URL); null: a fresh session.</param>
    /// <param name="ttl">How long the session outlives its connection (the <c>/ttl/N</c> of an engine URL).</param>
    /// <returns>The client transport.</returns>
    public IQixTransport ConnectInMemory(string? identity, TimeSpan ttl)
    {
        ThrowIfDisposed();
        var (client, server) = InMemoryTransport.CreatePair();
        Track(ServeAsync(server, identity, ttl, _stopping.Token));
        return client;
    }

    /// <summary>
    /// Starts (once) a WebSocket server bound to 127.0.0.1 only, accepting sessions on any path.
    /// </summary>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The server's address, <c>ws://127.0.0.1:PORT/</c>.</returns>
    public async Task<Uri> StartWebSocketServerAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _serverLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _server ??= await WebSocketServer.StartAsync(port, RunWebSocketSessionAsync, cancellationToken).ConfigureAwait(false);
            return _server.Uri;
        }
        finally
        {
            _serverLock.Release();
        }
    }

    /// <summary>How long <see cref="DisposeAsync"/> waits for the sessions to end before it stops the server under them.</summary>
    private static readonly TimeSpan SessionStopBound = TimeSpan.FromSeconds(10);

    /// <summary>Closes every session and stops the server.</summary>
    /// <returns>A task that completes when all sessions ended, or 10 s after asking them to and then stopping the server (at most 5 s more).</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        try
        {
            // Sessions end on the token; one stuck in a transport that never returns must not keep the server up
            // (`qixgen serve` would not end on its signal): stopping the server below aborts its connection.
            await Task.WhenAll(_sessions.Keys).WaitAsync(SessionStopBound).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
        _serverLock.Dispose();
    }

    QixApp? ISimulatorHost.FindApp(string idOrTitle)
    {
        if (_apps.TryGetValue(idOrTitle, out var app))
        {
            return app;
        }

        return _apps.Values.FirstOrDefault(a => string.Equals(a.Title, idOrTitle, StringComparison.OrdinalIgnoreCase));
    }

    private async Task RunWebSocketSessionAsync(System.Net.WebSockets.WebSocket socket, Microsoft.AspNetCore.Http.PathString path, CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
        var (key, ttl) = SessionKey(path.Value ?? string.Empty);
        var session = ServeAsync(new ServerWebSocketTransport(socket), key, ttl, linked.Token);
        Track(session);
        await session.ConfigureAwait(false);
    }

    /// <summary>
    /// Serves one connection: on the kept session of <paramref name="key"/> when it is within its TTL, else on a new
    /// one, which is kept for <paramref name="ttl"/> after the connection ends.
    /// </summary>
    private async Task ServeAsync(IQixTransport transport, string? key, TimeSpan ttl, CancellationToken stopping)
    {
        SimulatorSession? session = null;
        if (key is not null && _detached.TryRemove(key, out var kept) && kept.Expires > DateTime.UtcNow)
        {
            session = kept.Session;
            await session.ReattachAsync(transport, stopping).ConfigureAwait(false);
        }
        else
        {
            session = new SimulatorSession(this, transport);
            await session.RunAsync(stopping).ConfigureAwait(false);
        }

        if (key is not null && ttl > TimeSpan.Zero && !stopping.IsCancellationRequested)
        {
            _detached[key] = (session, DateTime.UtcNow + ttl);
        }
    }

    /// <summary>The reattach key and TTL of an engine URL path such as <c>/app/ID/identity/X/ttl/30</c> (no TTL: no key).</summary>
    internal static (string? Key, TimeSpan Ttl) SessionKey(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var ttl = TimeSpan.Zero;
        var keyParts = new List<string>();
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] == "ttl" && i + 1 < segments.Length && int.TryParse(segments[i + 1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                ttl = TimeSpan.FromSeconds(seconds);
                i++;
                continue;
            }

            keyParts.Add(segments[i]);
        }

        return ttl > TimeSpan.Zero ? ("/" + string.Join("/", keyParts), ttl) : (null, TimeSpan.Zero);
    }

    private void Track(Task session)
    {
        _sessions[session] = 0;
        _ = session.ContinueWith(t => _sessions.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(QixEngineSimulator));
        }
    }
}
