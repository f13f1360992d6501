#if NET8_0_OR_GREATER
using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace QixGen.Transport;

/// <summary>
/// A thread of the connection's own that does its receives as blocking system calls
/// (<see cref="Session.QixSessionOptions.DedicatedReceiveThread"/>) and completes them on itself, so the session's
/// receive loop, and the caller an answer is handed over to, run on the thread the kernel woke: one wake-up per
/// sequential call, no socket-engine thread and no thread-pool hop (Node's model).
/// </summary>
/// <remarks>
/// <para>
/// The receive the session asks for is posted here and done by the thread holding the reader role. When the session
/// asks from this thread itself (it does, from inside the completion of the previous receive) and a message is
/// already buffered, the receive is done right there and completes at once, so the session completes the answer in
/// hand through the thread pool and the frames behind it are not held up by the caller's code.
/// </para>
/// <para>
/// Nothing hangs on user code: while the thread runs a completion (the session's loop, and the caller's code after
/// <c>await</c>), nobody reads. A watchdog checks every <see cref="WatchdogPeriod"/>: if a receive has been posted and
/// the thread has been inside the same completion since the previous check, a new thread takes the reader role and the
/// old one ends once its completion returns. So code that blocks, or waits synchronously for another call of the same
/// session, delays the next answer by at most about two periods.
/// </para>
/// <para>
/// Thread-safety: the session asks for one receive at a time (its one loop); the rest is guarded by a lock.
/// </para>
/// </remarks>
internal sealed class ReceiveThread : IValueTaskSource<QixReceiveResult>, IDisposable
{
    /// <summary>How often the watchdog looks for a reader stuck in a completion.</summary>
    public static readonly TimeSpan WatchdogPeriod = TimeSpan.FromMilliseconds(100);

    [ThreadStatic]
    private static ReceiveThread? t_reading;

    private readonly Func<IBufferWriter<byte>, int, CancellationToken, ValueTask<QixReceiveResult>> _receive;
    private readonly Func<bool> _hasBufferedData;
    private readonly string _name;
    private readonly object _gate = new object();
    private readonly Timer _watchdog;
    private ManualResetValueTaskSourceCore<QixReceiveResult> _core;

    // Guarded by _gate.
    private int _generation;
    private bool _posted;
    private IBufferWriter<byte>? _destination;
    private int _maxMessageSize;
    private CancellationToken _token;
    private bool _completing;
    private long _completions;
    private long _completionsSeenStuck = -1;
    private bool _disposed;

    /// <param name="receive">One whole receive, over a blocking stream: it completes before it returns.</param>
    /// <param name="hasBufferedData">Whether a read would find data without waiting.</param>
    /// <param name="name">The thread's name (shown in debuggers and dumps).</param>
    public ReceiveThread(Func<IBufferWriter<byte>, int, CancellationToken, ValueTask<QixReceiveResult>> receive, Func<bool> hasBufferedData, string name)
    {
        _receive = receive;
        _hasBufferedData = hasBufferedData;
        _name = name;
        _watchdog = new Timer(static state => ((ReceiveThread)state!).Watch(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Whether the current thread is a receive thread running a completion (where handing an answer over inline is safe).</summary>
    public static bool IsCurrentThread => t_reading is not null;

    private int _liveThreads;

    /// <summary>How many times the watchdog gave the reader role to a new thread (tests).</summary>
    internal int Takeovers { get; private set; }

    /// <summary>How many reader threads have not ended yet (tests: none once the connection is disposed and idle).</summary>
    internal int LiveThreads => Volatile.Read(ref _liveThreads);

    /// <summary>Starts the first reader thread and the watchdog.</summary>
    public void Start()
    {
        lock (_gate)
        {
            StartReaderLocked();
        }

        _watchdog.Change(WatchdogPeriod, WatchdogPeriod);
    }

    /// <summary>One receive (the session's loop asks for one at a time).</summary>
    public ValueTask<QixReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageSize, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(t_reading, this) && _hasBufferedData())
        {
            // On the reader, with a message (or part of one) buffered: read it now, completing at once.
            // (Should that receive end the connection, this thread ends with the transport's dispose.)
            return _receive(destination, maxMessageSize, cancellationToken);
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.FromException<QixReceiveResult>(new ObjectDisposedException(nameof(ReceiveThread)));
            }

            _core.Reset();
            _destination = destination;
            _maxMessageSize = maxMessageSize;
            _token = cancellationToken;
            _posted = true;
            Monitor.PulseAll(_gate);
            return new ValueTask<QixReceiveResult>(this, _core.Version);
        }
    }

    public QixReceiveResult GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Stops the watchdog and lets the reader end (the caller closes the socket, which ends a blocking read).</summary>
    public void Dispose()
    {
        _watchdog.Dispose();
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void StartReaderLocked()
    {
        var generation = ++_generation;
        _completing = false;
        var thread = new Thread(static state => ((ReceiveThread)((object[])state!)[0]).Run((int)((object[])state!)[1]))
        {
            IsBackground = true,
            Name = _name,
        };
        thread.UnsafeStart(new object[] { this, generation });
    }

    private void Run(int generation)
    {
        Interlocked.Increment(ref _liveThreads);
        try
        {
            Read(generation);
        }
        finally
        {
            Interlocked.Decrement(ref _liveThreads);
        }
    }

    private void Read(int generation)
    {
        while (true)
        {
            IBufferWriter<byte> destination;
            int maxMessageSize;
            CancellationToken token;
            lock (_gate)
            {
                while (!_posted && !_disposed && _generation == generation)
                {
                    Monitor.Wait(_gate);
                }

                if (_disposed || _generation != generation)
                {
                    return;
                }

                destination = _destination!;
                maxMessageSize = _maxMessageSize;
                token = _token;
                _posted = false;
                _destination = null;
            }

            QixReceiveResult result = default;
            Exception? failure = null;
            try
            {
                var receiving = _receive(destination, maxMessageSize, token);
                // A receive over the blocking stream completes before it returns, except when a control frame it
                // read needs an answer (pong, close reply) and another thread's write holds the send lock (a write
                // blocked on an engine that is not reading, the keep-alive timer): the rest of the receive then goes
                // on where that lock is released. This thread stays the reader and waits for it.
                result = receiving.IsCompleted ? receiving.Result : receiving.AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                failure = e;
            }

            // The connection has ended (closed, dropped, or the session stopped it): no receive after this one can
            // succeed, so this thread and the watchdog end now rather than with the transport's dispose, which a
            // closed session may be left without for long. Only a message too large leaves the connection in step.
            var ended = failure is null ? result.IsClosed : Ends(failure);

            lock (_gate)
            {
                if (_generation != generation)
                {
                    return; // cannot happen while no receive was posted; kept for the invariant "one reader"
                }

                _completing = true;
                _completions++;
            }

            t_reading = this;
            try
            {
                if (failure is null)
                {
                    _core.SetResult(result);
                }
                else
                {
                    _core.SetException(failure);
                }
            }
            finally
            {
                t_reading = null;
            }

            lock (_gate)
            {
                if (_generation != generation)
                {
                    // The watchdog gave the role to a new thread while this one ran the completion.
                    return;
                }

                _completing = false;
                if (ended)
                {
                    // A receive asked for from now on fails at once (ObjectDisposedException) instead of waiting.
                    _disposed = true;
                }
            }

            if (ended)
            {
                _watchdog.Dispose();
                return;
            }
        }
    }

    /// <summary>Whether a failed receive ended the connection (only a message too large leaves it in step).</summary>
    private static bool Ends(Exception failure) => failure is not QixMessageTooLargeException;

    private void Watch()
    {
        lock (_gate)
        {
            if (_disposed || !_completing || !_posted)
            {
                _completionsSeenStuck = -1;
                return;
            }

            if (_completionsSeenStuck != _completions)
            {
                // Seen inside this completion once; stuck if still there at the next check.
                _completionsSeenStuck = _completions;
                return;
            }

            _completionsSeenStuck = -1;
            Takeovers++;
            StartReaderLocked();
        }
    }
}
#endif
