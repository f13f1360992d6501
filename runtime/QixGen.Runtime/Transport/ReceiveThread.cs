#if NET8_0_OR_GREATER
using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace QixGen.Transport;

/// <summary>
/// A thread of the connection's own that does its receives as blocking system calls
/// (<see cref="Session.QixReceiveMode.DedicatedThread"/>) and completes them on itself, so the session's
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
/// <c>await</c>), nobody reads. When a receive is posted during a completion, a watchdog timer is armed for
/// <see cref="WatchdogPeriod"/>: if the thread is then still inside that same completion with the receive still
/// waiting, or inside a later one while other calls' answers are due (a later completion found running without
/// answers due gets a period of its own), a new thread takes the reader role and the old one ends once its completion
/// returns. So code that blocks, or waits synchronously for another call of the same session, delays the next answer
/// by one to two periods, and callers whose code each blocks a little less than a period do not make the answers
/// behind them wait for all of them in turn. The timer is armed only then (at most once per period), so an idle
/// connection has no timer running.
/// Once such a takeover found the reader waiting, code that starts a call of the session from a completion and then
/// waits for it synchronously (<c>.Result</c> after <c>await</c>) is noticed sooner, after <see cref="CallWatchPeriod"/>
/// (<see cref="CallStarting"/>).
/// </para>
/// <para>
/// The connection's slot (<see cref="ReceiveThreadSlots"/>) is given back once, when the connection ends (a close, a
/// failed receive, or <see cref="Dispose"/>).
/// </para>
/// <para>
/// Thread-safety: the session asks for one receive at a time (its one loop); the rest is guarded by a lock.
/// </para>
/// </remarks>
internal sealed class ReceiveThread : IValueTaskSource<QixReceiveResult>, IDisposable
{
    /// <summary>How often the watchdog looks for a reader stuck in a completion.</summary>
    public static readonly TimeSpan WatchdogPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long code on the reader may go on after starting a call of the session before the reading is handed over:
    /// code that waits synchronously for that call's answer holds the only thread that could read it.
    /// </summary>
    public static readonly TimeSpan CallWatchPeriod = TimeSpan.FromMilliseconds(2);

    [ThreadStatic]
    private static ReceiveThread? t_reading;

    [ThreadStatic]
    private static int t_generation;

    private readonly Func<IBufferWriter<byte>, int, CancellationToken, ValueTask<QixReceiveResult>> _receive;
    private readonly Func<bool> _hasBufferedData;
    private readonly Func<bool> _connectionEnded;
    private readonly Func<bool> _answerDue;
    private readonly string _name;
    private readonly object _gate = new object();
    private readonly Timer _watchdog;
    private readonly Timer _callWatch;
    private ManualResetValueTaskSourceCore<QixReceiveResult> _core;

    // Guarded by _gate.
    private int _generation;
    private bool _posted;
    private IBufferWriter<byte>? _destination;
    private int _maxMessageSize;
    private CancellationToken _token;
    private bool _completing;
    private long _completions;
    private bool _watchdogArmed;
    private long _completionWhenArmed;
    private bool _callWatchArmed;
    private long _completionWhenCallStarted;
    private bool _disposed;
    private int _slotHeld = 1;
    private Thread? _reader;
    private bool _callWatchEnabled;

    /// <param name="receive">One whole receive, over a blocking stream: it completes before it returns.</param>
    /// <param name="hasBufferedData">Whether a read would find data without waiting.</param>
    /// <param name="connectionEnded">Whether the connection has ended (closed or aborted): no receive can succeed.</param>
    /// <param name="answerDue">Whether calls were in flight when the session asked for its receive (other answers are on their way).</param>
    /// <param name="name">The thread's name (shown in debuggers and dumps).</param>
    /// <remarks>Takes over a slot the caller took from <see cref="ReceiveThreadSlots"/>.</remarks>
    public ReceiveThread(Func<IBufferWriter<byte>, int, CancellationToken, ValueTask<QixReceiveResult>> receive, Func<bool> hasBufferedData, Func<bool> connectionEnded, Func<bool> answerDue, string name)
    {
        _receive = receive;
        _hasBufferedData = hasBufferedData;
        _connectionEnded = connectionEnded;
        _answerDue = answerDue;
        _name = name;
        _watchdog = new Timer(static state => ((ReceiveThread)state!).Watch(), this, Timeout.Infinite, Timeout.Infinite);
        _callWatch = new Timer(static state => ((ReceiveThread)state!).WatchCall(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Whether the current thread is a receive thread running a completion (where handing an answer over inline is safe).</summary>
    public static bool IsCurrentThread => t_reading is not null;

    /// <summary>
    /// A call of the session is being started on the current thread. On a reader inside a completion (the code after
    /// <c>await</c> of an answer) of a connection whose code has been found waiting on the reader before, the reading
    /// is handed to a new thread should that completion still wait <see cref="CallWatchPeriod"/> later: the code may
    /// be waiting synchronously for the call's answer, which only another reader can read. Code that awaits returns
    /// the completion first, and the watch is called off then (no timer fires, no thread starts).
    /// </summary>
    public static void CallStarting()
    {
        if (t_reading is { } reader)
        {
            reader.WatchCallFrom(t_generation);
        }
    }

    private int _liveThreads;

    /// <summary>How many times the watchdog gave the reader role to a new thread (tests).</summary>
    internal int Takeovers { get; private set; }

    /// <summary>Whether the watchdog timer is armed (tests).</summary>
    internal bool WatchdogArmed
    {
        get
        {
            lock (_gate)
            {
                return _watchdogArmed;
            }
        }
    }

    /// <summary>How many reader threads have not ended yet (tests: none once the connection is disposed and idle).</summary>
    internal int LiveThreads => Volatile.Read(ref _liveThreads);

    /// <summary>Starts the first reader thread.</summary>
    public void Start()
    {
        lock (_gate)
        {
            StartReaderLocked();
        }
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
            if (_completing && !_watchdogArmed)
            {
                // Posted from inside a completion (the session's loop on this thread): make sure it returns.
                _watchdogArmed = true;
                _completionWhenArmed = _completions;
                _watchdog.Change(WatchdogPeriod, Timeout.InfiniteTimeSpan);
            }

            Monitor.PulseAll(_gate);
            return new ValueTask<QixReceiveResult>(this, _core.Version);
        }
    }

    public QixReceiveResult GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Stops the watchdog and lets the reader end (the caller closes the socket, which ends a blocking read).</summary>
    public void Dispose() => End();

    /// <summary>No receive from now on: readers end, a posted or later receive fails at once, the slot is given back.</summary>
    private void End()
    {
        lock (_gate)
        {
            // Set under the lock before the timer goes, so nobody arms a disposed timer.
            _disposed = true;
            Monitor.PulseAll(_gate);
        }

        _watchdog.Dispose();
        _callWatch.Dispose();
        if (Interlocked.Exchange(ref _slotHeld, 0) == 1)
        {
            ReceiveThreadSlots.Give();
        }
    }

    private void StartReaderLocked()
    {
        var generation = ++_generation;
        _completing = false;
        _callWatchArmed = false;
        _callWatch.Change(Timeout.Infinite, Timeout.Infinite);
        var thread = new Thread(static state => ((ReceiveThread)((object[])state!)[0]).Run((int)((object[])state!)[1]))
        {
            IsBackground = true,
            Name = _name,
        };
        _reader = thread;
        thread.UnsafeStart(new object[] { this, generation });
    }

    /// <summary>
    /// Whether the reader thread is blocked in a wait (a lock, an event, a task's <c>Wait</c>, a sleep) rather than
    /// running or merely descheduled by a loaded machine: the early takeovers are for code that waits, not for code
    /// that is slow (the period-long watchdog still covers that).
    /// </summary>
    private bool ReaderWaitsLocked() => _reader is { } reader && (reader.ThreadState & ThreadState.WaitSleepJoin) != 0;

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
                // read needs an answer (pong, close reply) and that write cannot go out now: another write holds the
                // send lock (one waiting for room on an engine that is not reading, the keep-alive timer) or the
                // answer itself waits for room. The rest of the receive then goes on where that write ends (sent,
                // or failed by dispose). This thread stays the reader and waits for it.
                result = receiving.IsCompleted ? receiving.Result : receiving.AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                failure = e;
            }

            // The connection has ended (closed, dropped, or the session stopped it): no receive after this one can
            // succeed, so this thread and the watchdog end now rather than with the transport's dispose, which a
            // closed session may be left without for long. Only a message too large leaves the connection in step.
            var ended = (failure is null ? result.IsClosed : Ends(failure)) || _connectionEnded();

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
            t_generation = generation;
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

            // The completion may have read the end itself (the session's loop reads a buffered close on this thread
            // without posting, see ReceiveAsync): then nobody will post again.
            if (ended || _connectionEnded())
            {
                // Whichever thread holds the role now: a receive asked for from now on fails at once
                // (ObjectDisposedException) instead of waiting, and a reader the watchdog started ends too.
                End();
                return;
            }

            lock (_gate)
            {
                if (_generation != generation)
                {
                    // The watchdog gave the role to a new thread while this one ran the completion.
                    return;
                }

                _completing = false;
                if (_callWatchArmed)
                {
                    // The code that started a call returned (it awaits the answer): nothing to take over. (A dispose
                    // sets _disposed under this lock before the timer goes: a disposed timer is never touched.)
                    _callWatchArmed = false;
                    if (!_disposed)
                    {
                        _callWatch.Change(Timeout.Infinite, Timeout.Infinite);
                    }
                }
            }
        }
    }

    private void WatchCallFrom(int generation)
    {
        if (!Volatile.Read(ref _callWatchEnabled))
        {
            // Only once this connection's code has been seen waiting on the reader: arming a timer sooner than the
            // runtime's next one wakes its timer thread, a cost per call that code which only awaits should not pay.
            return;
        }

        lock (_gate)
        {
            if (_disposed || !_completing || _callWatchArmed || _generation != generation)
            {
                // Not inside a completion of the current reader (a reader taken over from holds nobody up), or watched already.
                return;
            }

            _callWatchArmed = true;
            _completionWhenCallStarted = _completions;
            _callWatch.Change(CallWatchPeriod, Timeout.InfiniteTimeSpan);
        }
    }

    private void WatchCall()
    {
        lock (_gate)
        {
            if (!_callWatchArmed)
            {
                return; // called off after it fired
            }

            _callWatchArmed = false;
            if (_disposed || !_completing || !_posted || _completions != _completionWhenCallStarted)
            {
                return;
            }

            if (!ReaderWaitsLocked())
            {
                // Still running (or only descheduled): look again a little later, while the same completion lasts.
                _callWatchArmed = true;
                _callWatch.Change(CallWatchPeriod, Timeout.InfiniteTimeSpan);
                return;
            }

            Takeovers++;
            StartReaderLocked();
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
                // The completion returned (or nothing waits for a receive): the next post from inside one arms again.
                _watchdogArmed = false;
                return;
            }

            if (_completions != _completionWhenArmed && !(_answerDue() && ReaderWaitsLocked()))
            {
                // Inside a later completion, which may just have begun: give it its own period. Unless that code
                // waits while other answers are on their way: a run of completions that each wait a little less than
                // a period would otherwise queue every answer behind the code of the callers before it, for ever.
                _completionWhenArmed = _completions;
                _watchdog.Change(WatchdogPeriod, Timeout.InfiniteTimeSpan);
                return;
            }

            _watchdogArmed = false;
            if (ReaderWaitsLocked())
            {
                // Code on the reader waits (sync over async, most likely): from now on a call started there is watched.
                Volatile.Write(ref _callWatchEnabled, true);
            }

            Takeovers++;
            StartReaderLocked();
        }
    }
}
#endif
