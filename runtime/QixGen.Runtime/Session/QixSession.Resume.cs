using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using QixGen.Errors;
using QixGen.Interceptors;
using QixGen.Objects;
using QixGen.Protocol;
using QixGen.Serialization;
using QixGen.Transport;

namespace QixGen.Session;

// Suspend and resume: keep the proxies through a reconnect; if the engine made a new session, re-acquire
// every Doc and generic object on its new handle and update the proxies in place.
public sealed partial class QixSession
{
    /// <summary>The close code the session uses to suspend (as enigma.js does).</summary>
    public const int SuspendCloseCode = 4000;

    [ThreadStatic]
    private static QixRequest? t_decoding;

    private readonly ConcurrentDictionary<int, QixRequest> _origins = new ConcurrentDictionary<int, QixRequest>();
    private readonly SemaphoreSlim _resumeLock = new SemaphoreSlim(1, 1);
    private volatile QixException? _unavailable;
    private volatile bool _suspendRequested;
    private int _epoch;
    private int _autoResuming;
    private int _endedEpoch = -1;

    /// <summary>Raised when the session is suspended (by <see cref="SuspendAsync"/> or an unexpected close with auto-suspend).</summary>
    public event EventHandler<QixSessionClosedEventArgs>? Suspended;

    /// <summary>Raised when the session resumed, with how the engine took it back.</summary>
    public event EventHandler<QixSessionState>? Resumed;

    /// <summary>Whether the session is suspended.</summary>
    public bool IsSuspended => _closedError is null && _unavailable is QixSuspendedException;

    /// <summary>
    /// Suspends the session: closes the connection with code 4000 and keeps every proxy. Calls fail fast with
    /// <see cref="QixSuspendedException"/> until <see cref="ResumeAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the close.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async Task SuspendAsync(CancellationToken cancellationToken = default)
    {
        if (_closedError is { } closed)
        {
            throw closed;
        }

        if (IsSuspended)
        {
            return;
        }

        _suspendRequested = true;
        MarkSuspended(_epoch, SuspendCloseCode, "Suspended by the client");
        var transport = _transport;
        // The close handshake is bounded by CloseTimeout as well as the caller's token: a transport that does not
        // answer cannot hold the caller.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(_options.CloseTimeout);
        try
        {
            await _sendLock.WaitAsync(bound.Token).ConfigureAwait(false);
            try
            {
                await BoundedWait.ForAsync(() => transport.CloseAsync(SuspendCloseCode, "Suspended", bound.Token), bound.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }

            await BoundedWait.ForAsync(_receiveLoop, bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger?.LogDebug("Suspend close handshake did not complete within {Timeout}", _options.CloseTimeout);
        }
    }

    /// <summary>
    /// Reconnects a suspended session to the same URL (or transport factory) and waits for OnConnected. Then, as
    /// enigma.js does, every Doc is re-acquired (GetActiveDoc, else OpenDoc with its original arguments — every Doc,
    /// where enigma.js restores only one) and every generic object, dimension, measure, bookmark and variable is
    /// fetched again on its Doc's handle; the existing proxies are updated in place and raise
    /// <see cref="QixObject.Changed"/>. Objects that cannot be restored (objects that are gone; on a new engine
    /// session also Field and Variable, which have no id) raise <see cref="QixObject.Closed"/>.
    /// The whole attempt is bounded by <see cref="QixSessionOptions.ResumeTimeout"/>; a failed attempt leaves the
    /// session suspended (so it can be tried again) unless the session closed meanwhile.
    /// </summary>
    /// <param name="onlyIfAttached">Fail (and close the session) if the engine did not reattach the old session.</param>
    /// <param name="cancellationToken">Cancels the resume.</param>
    /// <returns>How the engine took the session back.</returns>
    /// <exception cref="QixTimeoutException">The attempt took longer than <see cref="QixSessionOptions.ResumeTimeout"/>.</exception>
    public async Task<QixSessionState> ResumeAsync(bool onlyIfAttached = false, CancellationToken cancellationToken = default)
    {
        await _resumeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closedError is { } closed)
            {
                throw closed;
            }

            if (!IsSuspended)
            {
                return QixSessionState.Attached;
            }

            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(_options.ResumeTimeout);
            try
            {
                return await ResumeCoreAsync(onlyIfAttached, bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new QixTimeoutException("resume", _options.ResumeTimeout, e);
            }
        }
        finally
        {
            _resumeLock.Release();
        }
    }

    private async Task<QixSessionState> ResumeCoreAsync(bool onlyIfAttached, CancellationToken cancellationToken)
    {
        var transport = await ConnectTransportAsync(_options, _cookies, resuming: true, cancellationToken).ConfigureAwait(false);
        // The proxy may have set or renewed its session cookie; an earlier value stays a secret.
        _redactor = _redactor.Including(QixGen.Traffic.SecretRedactor.For(_options, _cookies));

        _connected = NewConnectedSource();
        var epoch = Interlocked.Increment(ref _epoch);
        // Published with a full fence before the dispose check below: a dispose running now either sees the new
        // transport (and releases it) or is seen here; otherwise nobody would release the connection (and its slot).
        var old = Interlocked.Exchange(ref _transport, transport);
        if (Volatile.Read(ref _disposed) == 1 || _closedError is not null)
        {
            using (var disposeNew = new CancellationTokenSource(_options.CloseTimeout))
            {
                await BoundedWait.ForAsync(transport.DisposeAsync, disposeNew.Token).ConfigureAwait(false);
            }

            throw _closedError ?? new QixSessionDisposedException();
        }

        _suspendRequested = false;
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(transport, epoch));
        using (var disposeOld = new CancellationTokenSource(_options.CloseTimeout))
        {
            await BoundedWait.ForAsync(old.DisposeAsync, disposeOld.Token).ConfigureAwait(false);
        }

        QixSessionState state;
        try
        {
            // Not unbounded: cancellationToken carries ResumeTimeout (ResumeAsync), and a close of the new connection
            // fails the wait at once (OnConnectionClosed and the suspend path both fault _connected).
            state = await WaitForConnectedAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            var attached = state == QixSessionState.Attached;
            if (!attached && onlyIfAttached)
            {
                await DisposeAsync().ConfigureAwait(false);
                throw new QixNotConnectedException("The engine started a new session instead of reattaching the suspended one; the session is closed.");
            }

            if (!attached)
            {
                _deltas.Clear(); // the new engine session knows nothing of what was held
            }

            // Re-acquire in both cases, as enigma.js does (same frames): on a reattached session the engine answers
            // with the handles it kept, and objects closed while suspended are found out now.
            await ReacquireAsync(attached, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (_closedError is null && Volatile.Read(ref _disposed) == 0)
        {
            // Back to suspended: the caller (or the automatic resume) may try again.
            _suspendRequested = true;
            using (var closeBound = new CancellationTokenSource(_options.CloseTimeout))
            {
                await BoundedWait.ForAsync(() => transport.CloseAsync(SuspendCloseCode, "Resume failed", closeBound.Token), closeBound.Token).ConfigureAwait(false);
            }

            MarkSuspended(epoch, SuspendCloseCode, "Resume failed");

            // Nothing more is wanted from this connection: released now, not at the next resume or the dispose (an
            // engine that keeps its side open would hold it, and its receive thread, for as long as the session lives).
            using (var disposeBound = new CancellationTokenSource(_options.CloseTimeout))
            {
                await BoundedWait.ForAsync(transport.DisposeAsync, disposeBound.Token).ConfigureAwait(false);
            }

            throw;
        }

        _unavailable = null;
        if (Volatile.Read(ref _endedEpoch) == epoch)
        {
            // The new connection ended while resuming: its suspension may have come before the line above.
            if (_closedError is { } closedMeanwhile)
            {
                throw closedMeanwhile;
            }

            MarkSuspended(epoch, 1006, "The connection dropped while resuming.");
            throw new QixSuspendedException();
        }

        if (Resumed is { } resumedHandlers)
        {
            RaiseSafely(() => resumedHandlers(this, state), nameof(Resumed));
        }

        return state;
    }

    private QixException? Unavailable(QixCall call) =>
        _closedError ?? (call.IsInternal ? null : _unavailable);

    /// <summary>The connection of <paramref name="epoch"/> ended: suspend (asked for, or auto-suspend) or close for good.</summary>
    private void OnTransportEnded(int epoch, int? code, string? reason, Exception? transportError)
    {
        if (epoch != Volatile.Read(ref _epoch) || _closedError is not null)
        {
            return; // an older connection, replaced by a resume, or already closed
        }

        Volatile.Write(ref _endedEpoch, epoch); // before suspending: a resume finishing now must see it (ResumeCoreAsync)

        // The engine's close reason may quote a ticket: it reaches logs, events and exception messages redacted.
        reason = reason is null ? null : _redactor.Redact(reason);
        if (_suspendRequested)
        {
            MarkSuspended(epoch, code, reason);
            return;
        }

        if (_options.SuspendOnUnexpectedClose && Volatile.Read(ref _disposed) == 0)
        {
            MarkSuspended(epoch, code, reason);
            _ = AutoResumeAsync();
            return;
        }

        // The server's reply to our own close handshake: the session was disposed, and calls must say so.
        var error = Volatile.Read(ref _disposed) == 1
            ? new QixSessionDisposedException()
            : transportError is null
            ? new QixSessionClosedException(code, reason)
            : new QixSessionClosedException(code ?? 1006, reason, transportError);
        OnConnectionClosed(error, code, reason, transportError);
    }

    private void MarkSuspended(int epoch, int? code, string? reason)
    {
        var alreadySuspended = _unavailable is QixSuspendedException;
        var suspended = new QixSuspendedException();
        _unavailable = suspended;
        _pending.FailAll(suspended);
        _connected.TrySetException(suspended);
        if (!alreadySuspended)
        {
            if (Suspended is { } handlers)
            {
                RaiseSafely(() => handlers(this, new QixSessionClosedEventArgs(code, reason, null)), nameof(Suspended));
            }
        }
    }

    /// <summary>
    /// Tries to resume after an unexpected close, with backoff; closes the session for good after
    /// <see cref="QixSessionOptions.ResumeRetries"/> failed attempts. One loop at a time: a drop while it runs (even
    /// during one of its own attempts) is handled by that loop, not by a second one racing it.
    /// </summary>
    private async Task AutoResumeAsync()
    {
        if (Interlocked.Exchange(ref _autoResuming, 1) == 1)
        {
            return;
        }

        try
        {
            await AutoResumeAttemptsAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Fire-and-forget task: nothing may escape it unobserved.
            _logger?.LogError(e, "Automatic resume failed");
        }
        finally
        {
            Volatile.Write(ref _autoResuming, 0);
        }

        // A drop between the last attempt's success and the flag's reset found the flag still set: look again.
        if (IsSuspended && !_suspendRequested && Volatile.Read(ref _disposed) == 0)
        {
            _ = AutoResumeAsync();
        }
    }

    private async Task AutoResumeAttemptsAsync()
    {
        var delay = _options.ResumeRetryDelay;
        for (var attempt = 1; attempt <= _options.ResumeRetries; attempt++)
        {
            try
            {
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
                await ResumeAsync(onlyIfAttached: false, _stop.Token).ConfigureAwait(false);
                if (!IsSuspended || _suspendRequested)
                {
                    return;
                }

                attempt = 0; // resumed, then dropped again before this loop looked: a fresh series of attempts
                delay = _options.ResumeRetryDelay;
                continue;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (_closedError is not null)
                {
                    return;
                }

                _logger?.LogWarning(e, "Automatic resume attempt {Attempt} of {Attempts} failed", attempt, _options.ResumeRetries);
                delay = TimeSpan.FromTicks(delay.Ticks * 2);
            }
        }

        OnConnectionClosed(new QixSessionClosedException(1006, $"The session could not be resumed after {_options.ResumeRetries} attempts."), 1006, "Resume failed", null);
    }

    /// <summary>Re-acquires every proxy on the engine's new session, Docs first, parents before children.</summary>
    private async Task ReacquireAsync(bool attached, CancellationToken cancellationToken)
    {
        var proxies = _objects.Snapshot().Where(p => p.Handle != -1).OrderBy(p => p.Handle).ToList();
        var newHandles = new Dictionary<int, int> { [-1] = -1 };
        QixObjectReference? active = null;
        var askedActive = false;
        var activeTaken = false;

        // As enigma.js does: GetActiveDoc first, else OpenDoc with the original arguments. Unlike enigma.js, every
        // Doc is restored, not only the last one opened.
        foreach (var doc in proxies.Where(p => p.Type == "Doc"))
        {
            var oldHandle = doc.Handle;
            QixObjectReference? restored = null;
            if (!askedActive)
            {
                askedActive = true;
                active = await TryCallForObjectAsync(-1, "GetActiveDoc", QixParamsWriter.Empty, cancellationToken).ConfigureAwait(false);
            }

            if (!activeTaken && active is { } a && (doc.GenericId is null || a.GenericId is null || a.GenericId == doc.GenericId))
            {
                restored = a;
                activeTaken = true;
            }

            if (restored is null && _origins.TryGetValue(oldHandle, out var origin) && origin.Method == "OpenDoc")
            {
                restored = await TryCallForObjectAsync(-1, "OpenDoc", origin.Parameters, cancellationToken).ConfigureAwait(false);
            }

            Rebind(doc, oldHandle, restored, newHandles);
        }

        foreach (var proxy in proxies.Where(p => p.Type != "Doc"))
        {
            var oldHandle = proxy.Handle;
            QixObjectReference? restored = null;
            var getter = proxy.Type switch
            {
                "GenericObject" => "GetObject",
                "GenericDimension" => "GetDimension",
                "GenericMeasure" => "GetMeasure",
                "GenericBookmark" => "GetBookmark",
                "GenericVariable" => "GetVariableById",
                _ => null, // Field, Variable and the like have no id to fetch them by
            };
            if (getter is not null && proxy.GenericId is { } id && FindDocHandle(oldHandle) is { } oldDoc && newHandles.TryGetValue(oldDoc, out var newDoc))
            {
                var writer = QixParamsWriter.Rent();
                writer.Json.WriteStringValue(id);
                restored = await TryCallForObjectAsync(newDoc, getter, writer.Complete(), cancellationToken).ConfigureAwait(false);
            }

            if (getter is null && attached)
            {
                continue; // a Field or Variable keeps its handle on a reattached session (enigma.js would close it)
            }

            Rebind(proxy, oldHandle, restored, newHandles);
        }
    }

    /// <summary>The handle of the Doc an object was (transitively) created from.</summary>
    private int? FindDocHandle(int handle)
    {
        for (var depth = 0; depth < 64 && _origins.TryGetValue(handle, out var origin); depth++)
        {
            if (_objects.TryGet(origin.Handle, out var parent) && parent.Type == "Doc")
            {
                return origin.Handle;
            }

            handle = origin.Handle;
        }

        return null;
    }

    private void Rebind(QixObject proxy, int oldHandle, QixObjectReference? restored, Dictionary<int, int> newHandles)
    {
        if (restored is { } reference)
        {
            newHandles[oldHandle] = reference.Handle;
            proxy.Rebind(new QixObjectReference(proxy.Type, reference.Handle, reference.GenericType ?? proxy.GenericType, reference.GenericId ?? proxy.GenericId));
            _objects.Replace(oldHandle, proxy);
            if (_origins.TryRemove(oldHandle, out var origin))
            {
                _origins[reference.Handle] = origin;
            }

            RaiseSafely(proxy.OnChanged, "QixObject.Changed");
        }
        else
        {
            _objects.Remove(oldHandle);
            RaiseSafely(proxy.OnClosed, "QixObject.Closed");
        }
    }

    /// <summary>Like <see cref="CallForObjectAsync"/>; an engine error (the object is gone) gives null.</summary>
    private async Task<QixObjectReference?> TryCallForObjectAsync(int handle, string method, ReadOnlyMemory<byte> parameters, CancellationToken cancellationToken)
    {
        try
        {
            return await CallForObjectAsync(handle, method, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (QixEngineException e)
        {
            _logger?.LogDebug(e, "{Method} on handle {Handle} failed while resuming", method, handle);
            return null;
        }
    }

    /// <summary>A call of the session's own (allowed while suspended) that returns <c>qReturn</c> as an object reference.</summary>
    private async Task<QixObjectReference?> CallForObjectAsync(int handle, string method, ReadOnlyMemory<byte> parameters, CancellationToken cancellationToken)
    {
        var call = new QixCall(new QixRequest(handle, method, parameters), Interlocked.Increment(ref _nextId)) { IsInternal = true };
        using var response = await SendAndReceiveAsync(call, cancellationToken).ConfigureAwait(false);
        var reader = new Utf8JsonReader(response.Result, QixJson.ReaderOptions);
        reader.Read();
        QixObjectReference? result = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isReturn = reader.ValueTextEquals("qReturn"u8);
            reader.Read();
            if (isReturn)
            {
                result = QixJson.ReadObjectReference(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return result;
    }
}
