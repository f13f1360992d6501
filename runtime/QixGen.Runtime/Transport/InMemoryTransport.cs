using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Transport;

/// <summary>
/// Two connected in-process transports: what one sends, the other receives. For tests and for the engine
/// simulator, without sockets.
/// </summary>
public sealed class InMemoryTransport : IQixTransport
{
    private readonly MessageQueue _incoming;
    private readonly MessageQueue _outgoing;

    private InMemoryTransport(MessageQueue incoming, MessageQueue outgoing)
    {
        _incoming = incoming;
        _outgoing = outgoing;
    }

    /// <summary>Creates a connected pair.</summary>
    /// <returns>The client end and the server end.</returns>
    public static (InMemoryTransport Client, InMemoryTransport Server) CreatePair()
    {
        var toServer = new MessageQueue();
        var toClient = new MessageQueue();
        return (new InMemoryTransport(toClient, toServer), new InMemoryTransport(toServer, toClient));
    }

    /// <inheritdoc />
    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_outgoing.IsClosed || _incoming.IsClosed)
        {
            throw new InvalidOperationException("The in-memory transport is closed.");
        }

        _outgoing.Enqueue(new Item(message.ToArray(), null, null));
        return default;
    }

    /// <inheritdoc />
    public async ValueTask<QixReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageSize, CancellationToken cancellationToken)
    {
        var item = await _incoming.DequeueAsync(cancellationToken).ConfigureAwait(false);
        if (item.Message is null)
        {
            return QixReceiveResult.Closed(item.CloseCode, item.CloseReason);
        }

        if (item.Message.Length > maxMessageSize)
        {
            throw new QixMessageTooLargeException(maxMessageSize, item.Message.AsMemory(0, Math.Min(item.Message.Length, 4096)));
        }

        destination.Write(item.Message);
        return QixReceiveResult.Message(item.Message.Length);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(int closeCode, string? reason, CancellationToken cancellationToken)
    {
        // The peer sees the close; this end stops receiving too.
        _outgoing.Close(new Item(null, closeCode, reason));
        _incoming.Close(new Item(null, closeCode, reason));
        return default;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => CloseAsync(1000, null, CancellationToken.None);

    private readonly struct Item
    {
        public Item(byte[]? message, int? closeCode, string? closeReason)
        {
            Message = message;
            CloseCode = closeCode;
            CloseReason = closeReason;
        }

        public byte[]? Message { get; }

        public int? CloseCode { get; }

        public string? CloseReason { get; }
    }

    /// <summary>An unbounded async queue with a sticky close marker.</summary>
    private sealed class MessageQueue
    {
        private readonly ConcurrentQueue<Item> _items = new ConcurrentQueue<Item>();
        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
        private Item? _closed;

        public bool IsClosed => _closed.HasValue;

        public void Enqueue(Item item)
        {
            _items.Enqueue(item);
            _available.Release();
        }

        public void Close(Item marker)
        {
            if (_closed.HasValue)
            {
                return;
            }

            _closed = marker;
            _available.Release();
        }

        public async Task<Item> DequeueAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                if (_items.TryDequeue(out var item))
                {
                    return item;
                }

                if (_closed is { } closed)
                {
                    _available.Release(); // keep later receivers from waiting forever
                    return closed;
                }

                await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
