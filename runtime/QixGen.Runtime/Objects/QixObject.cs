using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Protocol;

namespace QixGen.Objects;

/// <summary>
/// A remote object in the engine (Global, a Doc, a GenericObject, ...), addressed by its handle.
/// Generated proxy classes derive from it; an object whose type no binding knows is a plain <see cref="QixObject"/>.
/// </summary>
public class QixObject
{
    /// <summary>Creates a proxy for <paramref name="reference"/> in <paramref name="session"/>.</summary>
    /// <param name="session">The session that carries this object's calls.</param>
    /// <param name="reference">What the engine said about the object.</param>
    public QixObject(IQixSession session, QixObjectReference reference)
    {
        Session = session ?? throw new ArgumentNullException(nameof(session));
        Reference = reference;
    }

    /// <summary>The session that carries this object's calls.</summary>
    public IQixSession Session { get; }

    /// <summary>What the engine said about the object when it handed it out.</summary>
    public QixObjectReference Reference { get; private set; }

    /// <summary>The handle calls are sent to.</summary>
    public int Handle => Reference.Handle;

    /// <summary>The native type (<c>qType</c>), e.g. <c>Doc</c>.</summary>
    public string Type => Reference.Type;

    /// <summary>The generic type (<c>qGenericType</c>), e.g. <c>sheet</c>.</summary>
    public string? GenericType => Reference.GenericType;

    /// <summary>The object id (<c>qGenericId</c>).</summary>
    public string? GenericId => Reference.GenericId;

    /// <summary>Sends a call on this object's handle. Used by generated proxies.</summary>
    /// <typeparam name="TResult">The decoded result type.</typeparam>
    /// <param name="method">The method name without the service prefix.</param>
    /// <param name="parameters">The positional parameters as a UTF-8 JSON array.</param>
    /// <param name="resultReader">Decodes the result object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The decoded result.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected Task<TResult> InvokeAsync<TResult>(
        string method, ReadOnlyMemory<byte> parameters, QixResultReader<TResult> resultReader, CancellationToken cancellationToken)
    {
        if (IsClosedAlone)
        {
            return Task.FromException<TResult>(new Errors.QixObjectClosedException(Reference.ToString()));
        }

        return Session.InvokeAsync(new QixRequest(Reference.Handle, method, parameters), resultReader, cancellationToken);
    }

    /// <summary>Raised when the engine reports that the object's state changed (it is in a <c>change</c> list): its layout is stale.</summary>
    /// <remarks>
    /// Raised on the session's receive loop (<see cref="Session.QixSession"/>'s thread-safety notes). A handler must return
    /// quickly and must not wait synchronously for a call of this session: its answer is read by the loop the
    /// handler is holding, so the wait would never end. Start the call and return, or hand the event to a channel.
    /// </remarks>
    public event EventHandler? Changed;

    /// <summary>Raised once when the engine closes the object (it is in a <c>close</c> list) or its session ends.</summary>
    /// <remarks>
    /// Raised on the session's receive loop (<see cref="Session.QixSession"/>'s thread-safety notes). A handler must return
    /// quickly and must not wait synchronously for a call of this session: its answer is read by the loop the
    /// handler is holding, so the wait would never end. Start the call and return, or hand the event to a channel.
    /// </remarks>
    public event EventHandler? Closed;

    /// <summary>Raised when the engine reports the object as suspended (it is in a <c>suspend</c> list).</summary>
    /// <remarks>
    /// Raised on the session's receive loop (<see cref="Session.QixSession"/>'s thread-safety notes). A handler must return
    /// quickly and must not wait synchronously for a call of this session: its answer is read by the loop the
    /// handler is holding, so the wait would never end. Start the call and return, or hand the event to a channel.
    /// </remarks>
    public event EventHandler? Suspended;

    /// <summary>Whether the object was closed; calls then fail with <see cref="Errors.QixObjectClosedException"/>.</summary>
    public bool IsClosed => _closed;

    /// <summary>
    /// Closed on its own (the engine closed the handle), not with its session: calls fail with
    /// <see cref="Errors.QixObjectClosedException"/>. When the whole session ended, calls go on to the session, which
    /// answers with its own closed exception and close code: that names the real cause.
    /// </summary>
    internal bool IsClosedAlone => _closed && !_sessionEnded;

    private volatile bool _closed;
    private volatile bool _sessionEnded;

    /// <summary>Raises <see cref="Changed"/>. Called by sessions.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void OnChanged() => Changed?.Invoke(this, EventArgs.Empty);

    /// <summary>Raises <see cref="Suspended"/>. Called by sessions.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void OnSuspended() => Suspended?.Invoke(this, EventArgs.Empty);

    /// <summary>Marks the object closed and raises <see cref="Closed"/> once. Called by sessions.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void OnClosed()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        Closed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Marks the object closed because its session ended (closed, dropped or disposed) and raises <see cref="Closed"/> once.</summary>
    internal void OnSessionEnded()
    {
        _sessionEnded = true;
        OnClosed();
    }

    /// <summary>
    /// Points this proxy at a new handle (after the session resumed on a new engine session).
    /// The proxy instance stays the same, so references held by callers remain valid.
    /// </summary>
    /// <param name="reference">The object's new description.</param>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    protected internal void Rebind(QixObjectReference reference) => Reference = reference;

    /// <inheritdoc />
    public override string ToString() => Reference.ToString();
}
