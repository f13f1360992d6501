using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Auth;
using QixGen.Errors;
using QixGen.Objects;
using QixGen.Raw;
using QixGen.Session;

namespace QixGen.Apps;

/// <summary>
/// Opens apps by id (and optional identity) on pooled sockets: one session per (app, identity) in the pool, handed out
/// again while any holder has it open (reference counted), closed when the last holder disposes.
/// </summary>
/// <remarks>
/// Thread-safety: every member may be called from any thread. Concurrent opens of the same key share one connection
/// attempt; each caller's token cancels only its own wait. Holders of one key share the app, so they share its
/// selections: use an identity per independent selection state. A session that closed (and is not resuming) is
/// replaced on the next open; its remaining holders see <see cref="QixSessionClosedException"/> on calls.
/// </remarks>
/// <example>
/// <code>
/// await using var pool = QixAppSessionPool.ForUrl(new QixUrlBuilder { Host = "sense.example.com", Prefix = "jwt" },
///     options => options.UseBearerToken(token));
/// await using var app = await pool.OpenAsync("0b3e...", QixApi.DocFactory, new QixAppOpenOptions { Identity = "export" });
/// var sheets = await app.Doc.ListSheetsAsync();
/// </code>
/// </example>
public sealed class QixAppSessionPool : IAsyncDisposable
{
    private readonly Func<QixAppKey, QixSessionOptions> _sessionOptions;
    private readonly object _gate = new object();
    private readonly Dictionary<QixAppKey, AppSessionEntry> _entries = new Dictionary<QixAppKey, AppSessionEntry>();
    private readonly CancellationTokenSource _disposing = new CancellationTokenSource();
    private bool _disposed;

    /// <summary>Creates a pool that makes each session's options with <paramref name="sessionOptions"/>.</summary>
    /// <param name="sessionOptions">
    /// New options for a key's session (URL with <c>/app/ID/identity/ID</c>, authentication, transport); called once per
    /// socket. <see cref="QixAppOpenOptions.ResumeOnDrop"/> sets <see cref="QixSessionOptions.SuspendOnUnexpectedClose"/> on them.
    /// </param>
    public QixAppSessionPool(Func<QixAppKey, QixSessionOptions> sessionOptions) =>
        _sessionOptions = sessionOptions ?? throw new ArgumentNullException(nameof(sessionOptions));

    /// <summary>How long opening a socket and the app may take (default 30 s); then <see cref="TimeoutException"/>.</summary>
    public TimeSpan OpenTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The number of sockets the pool holds now.</summary>
    public int SessionCount
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>A pool for a Qlik Sense deployment: each key's URL is <paramref name="template"/> with its app id and identity.</summary>
    /// <param name="template">Host, port, prefix, TTL and URL parameters (its app id and identity are replaced per key).</param>
    /// <param name="configure">Adds authentication and other settings to each session's options.</param>
    /// <returns>The pool.</returns>
    public static QixAppSessionPool ForUrl(QixUrlBuilder template, Action<QixSessionOptions>? configure = null)
    {
        if (template is null)
        {
            throw new ArgumentNullException(nameof(template));
        }

        return new QixAppSessionPool(key =>
        {
            var url = new QixUrlBuilder
            {
                Host = template.Host,
                Port = template.Port,
                Secure = template.Secure,
                Prefix = template.Prefix,
                Subpath = template.Subpath,
                Route = template.Route,
                Ttl = template.Ttl,
                AppId = key.AppId,
                Identity = key.Identity,
            };
            foreach (var parameter in template.UrlParams)
            {
                url.UrlParams.Add(parameter);
            }

            var options = new QixSessionOptions { Url = url.Build() };
            configure?.Invoke(options);
            return options;
        });
    }

    /// <summary>
    /// Opens <paramref name="appId"/> for <see cref="QixAppOpenOptions.Identity"/>, or hands out the session already open
    /// for that key. Dispose the result when done.
    /// </summary>
    /// <typeparam name="TDoc">The generated Doc type.</typeparam>
    /// <param name="appId">The app id.</param>
    /// <param name="docFactory">The generated factory, e.g. <c>QixApi.DocFactory</c>.</param>
    /// <param name="options">Identity, no-data, resume; defaults when null.</param>
    /// <param name="cancellationToken">Cancels this caller's wait (a shared connection attempt goes on for other callers).</param>
    /// <returns>This holder's share of the app session.</returns>
    /// <exception cref="InvalidOperationException">The key is open already with the other <see cref="QixAppOpenOptions.NoData"/> setting.</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public async Task<QixAppSession<TDoc>> OpenAsync<TDoc>(string appId, QixObjectFactory<TDoc> docFactory, QixAppOpenOptions? options = null, CancellationToken cancellationToken = default)
        where TDoc : QixObject
    {
        if (string.IsNullOrEmpty(appId))
        {
            throw new ArgumentException("An app id is required.", nameof(appId));
        }

        if (docFactory is null)
        {
            throw new ArgumentNullException(nameof(docFactory));
        }

        options ??= new QixAppOpenOptions();
        var key = new QixAppKey(appId, options.Identity);
        var entry = Acquire(key, options);
        try
        {
            var opened = await WaitAsync(entry.Opening!, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                // The latest proxy: resume rebinds it in place, so its reference is current.
                var current = entry.Doc ?? opened;
                var doc = current as TDoc ?? entry.Session!.GetOrCreateObject(current.Reference, docFactory);
                entry.Doc = doc;
                return new QixAppSession<TDoc>(entry, doc);
            }
        }
        catch
        {
            await ReleaseAsync(entry).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes every pooled session, whoever holds it; later opens fail with <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that completes when all sessions closed.</returns>
    public async ValueTask DisposeAsync()
    {
        List<AppSessionEntry> entries;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            entries = new List<AppSessionEntry>(_entries.Values);
            _entries.Clear();
            foreach (var entry in entries)
            {
                entry.Retired = true;
            }
        }

        _disposing.Cancel();
        foreach (var entry in entries)
        {
            await entry.CloseAsync().ConfigureAwait(false);
        }

        _disposing.Dispose();
    }

    internal async ValueTask ReleaseAsync(AppSessionEntry entry)
    {
        lock (_gate)
        {
            entry.References--;
            if (entry.References > 0)
            {
                return;
            }

            entry.Retired = true;
            if (_entries.TryGetValue(entry.Key, out var current) && ReferenceEquals(current, entry))
            {
                _entries.Remove(entry.Key);
            }
        }

        await entry.CloseAsync().ConfigureAwait(false);
    }

    private AppSessionEntry Acquire(QixAppKey key, QixAppOpenOptions options)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(QixAppSessionPool));
            }

            if (_entries.TryGetValue(key, out var entry) && entry.IsUsable)
            {
                if (entry.NoData != options.NoData)
                {
                    throw new InvalidOperationException($"{key} is open {(entry.NoData ? "without" : "with")} data; open it with another identity to get the other.");
                }
            }
            else
            {
                if (entry is not null)
                {
                    entry.Retired = true; // dead: its holders release into it, new ones get a fresh socket
                }

                entry = new AppSessionEntry(this, key, options.NoData);
                var created = entry;
                var resume = options.ResumeOnDrop;
                entry.Opening = Task.Run(() => OpenEntryAsync(created, resume));
                _entries[key] = entry;
            }

            entry.References++;
            return entry;
        }
    }

    private async Task<QixObject> OpenEntryAsync(AppSessionEntry entry, bool resumeOnDrop)
    {
        var options = _sessionOptions(entry.Key) ?? throw new InvalidOperationException("The pool's session options factory returned null.");
        if (resumeOnDrop)
        {
            options.SuspendOnUnexpectedClose = true;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token);
        timeout.CancelAfter(OpenTimeout);
        QixSession? session = null;
        try
        {
            session = await QixSession.OpenAsync(options, timeout.Token).ConfigureAwait(false);
            entry.Session = session;
            await session.WaitForConnectedAsync(OpenTimeout, timeout.Token).ConfigureAwait(false);
            var global = new QixObject(session, QixObjectReference.Global);
            try
            {
                return await QixRawCall.InvokeForObjectAsync(global, "OpenDoc", w => WriteOpenDoc(w, entry.Key.AppId, entry.NoData), timeout.Token).ConfigureAwait(false);
            }
            catch (QixAppAlreadyOpenException)
            {
                // The identity's engine session outlived an earlier socket (TTL) and still has the app open.
                return await QixRawCall.InvokeForObjectAsync(global, "GetActiveDoc", _ => { }, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (!_disposing.IsCancellationRequested)
        {
            entry.Session = null;
            await DisposeQuietlyAsync(session).ConfigureAwait(false);
            throw new TimeoutException($"Opening {entry.Key} took longer than {OpenTimeout.TotalSeconds:F0} s.", e);
        }
        catch
        {
            entry.Session = null;
            await DisposeQuietlyAsync(session).ConfigureAwait(false);
            throw;
        }
    }

    private static void WriteOpenDoc(System.Text.Json.Utf8JsonWriter writer, string appId, bool noData)
    {
        writer.WriteStringValue(appId);
        if (noData)
        {
            writer.WriteStringValue(string.Empty); // qUserName
            writer.WriteStringValue(string.Empty); // qPassword
            writer.WriteStringValue(string.Empty); // qSerial
            writer.WriteBooleanValue(true); // qNoData
        }
    }

    private static async Task DisposeQuietlyAsync(QixSession? session)
    {
        if (session is not null)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || task.IsCompleted)
        {
            return await task.ConfigureAwait(false);
        }

        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return await task.ConfigureAwait(false);
    }
}
