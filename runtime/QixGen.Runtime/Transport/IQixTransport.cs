using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Transport;

/// <summary>
/// A message transport under a QIX session: whole UTF-8 text messages in both directions (a WebSocket, an
/// in-memory pipe, a replayed recording). The session sends from one task at a time and receives from one
/// loop, so implementations need not be safe for concurrent sends or concurrent receives.
/// </summary>
public interface IQixTransport : IAsyncDisposable
{
    /// <summary>Sends one complete message.</summary>
    /// <param name="message">The message's UTF-8 bytes.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was handed to the transport.</returns>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>
    /// Receives one complete message (reassembling fragments) into <paramref name="destination"/>, or reports
    /// that the peer closed. Throws <see cref="QixMessageTooLargeException"/> once a message passes
    /// <paramref name="maxMessageSize"/> bytes.
    /// </summary>
    /// <param name="destination">Where the message's bytes are written.</param>
    /// <param name="maxMessageSize">The largest message accepted, in bytes.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>What arrived.</returns>
    ValueTask<QixReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageSize, CancellationToken cancellationToken);

    /// <summary>Closes the transport with a close code and reason (WebSocket semantics: 1000 normal, 4000 suspend, ...).</summary>
    /// <param name="closeCode">The close code.</param>
    /// <param name="reason">The reason, if any.</param>
    /// <param name="cancellationToken">Cancels the close handshake.</param>
    /// <returns>A task that completes when the transport is closed.</returns>
    ValueTask CloseAsync(int closeCode, string? reason, CancellationToken cancellationToken);
}

/// <summary>The outcome of <see cref="IQixTransport.ReceiveAsync"/>: a message, or the peer's close.</summary>
public readonly struct QixReceiveResult
{
    private QixReceiveResult(int count, bool closed, int? closeCode, string? closeReason)
    {
        Count = count;
        IsClosed = closed;
        CloseCode = closeCode;
        CloseReason = closeReason;
    }

    /// <summary>The number of bytes of the message written to the destination.</summary>
    public int Count { get; }

    /// <summary>Whether the peer closed the transport (no message).</summary>
    public bool IsClosed { get; }

    /// <summary>The close code the peer gave, if any.</summary>
    public int? CloseCode { get; }

    /// <summary>The close reason the peer gave, if any.</summary>
    public string? CloseReason { get; }

    /// <summary>A complete message of <paramref name="count"/> bytes.</summary>
    /// <param name="count">The message length.</param>
    /// <returns>The result.</returns>
    public static QixReceiveResult Message(int count) => new QixReceiveResult(count, false, null, null);

    /// <summary>The peer closed.</summary>
    /// <param name="closeCode">The close code, if any.</param>
    /// <param name="closeReason">The close reason, if any.</param>
    /// <returns>The result.</returns>
    public static QixReceiveResult Closed(int? closeCode, string? closeReason) => new QixReceiveResult(0, true, closeCode, closeReason);
}

/// <summary>A received message was larger than the session's limit.</summary>
public sealed class QixMessageTooLargeException : Errors.QixProtocolException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limit">The limit in bytes.</param>
    /// <param name="head">The first bytes of the message (to tell which call it answered), if kept.</param>
    public QixMessageTooLargeException(int limit, ReadOnlyMemory<byte> head = default)
        : base($"A message from the engine exceeded the maximum message size of {limit} bytes.")
    {
        Limit = limit;
        Head = head;
    }

    /// <summary>The limit in bytes.</summary>
    public int Limit { get; }

    /// <summary>The first bytes of the oversized message, when the transport kept them (the rest was drained).</summary>
    public ReadOnlyMemory<byte> Head { get; }
}
