using System.Threading;
using System.Threading.Tasks;
using QixGen.Objects;

namespace QixGen.Protocol;

/// <summary>
/// The seam between generated proxies and whatever carries their calls to an engine
/// (a WebSocket session, a replayed recording, an in-memory simulator or a test fake).
/// </summary>
/// <remarks>
/// Generated code only ever calls these two members, so transports and sessions can change
/// without regenerating bindings.
/// </remarks>
public interface IQixSession
{
    /// <summary>Sends one request and decodes its <c>result</c> object with <paramref name="resultReader"/>.</summary>
    /// <typeparam name="TResult">The decoded result type.</typeparam>
    /// <param name="request">The method, handle and positional parameters to send.</param>
    /// <param name="resultReader">Decodes the response's <c>result</c> object; called once, on success only.</param>
    /// <param name="cancellationToken">Cancels the call (and asks the engine to abort it when already sent).</param>
    /// <returns>The decoded result.</returns>
    Task<TResult> InvokeAsync<TResult>(QixRequest request, QixResultReader<TResult> resultReader, CancellationToken cancellationToken);

    /// <summary>
    /// Returns the proxy for a remote object the engine just handed out, creating it on first sight.
    /// One proxy instance exists per handle.
    /// </summary>
    /// <typeparam name="TObject">The proxy type the caller expects.</typeparam>
    /// <param name="reference">The engine's <c>qReturn</c> description of the object.</param>
    /// <param name="factory">Creates the proxy when the session has none for this handle yet.</param>
    /// <returns>The proxy for <paramref name="reference"/>.</returns>
    TObject GetOrCreateObject<TObject>(QixObjectReference reference, QixObjectFactory<TObject> factory)
        where TObject : QixObject;
}
