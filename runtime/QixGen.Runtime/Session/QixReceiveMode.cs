namespace QixGen.Session;

/// <summary>
/// How a session's connection waits for the engine's answers (<see cref="QixSessionOptions.ReceiveMode"/>). Only
/// the direct WebSocket path on .NET 8 and later has a choice (docs/connecting.md, "Which WebSocket path"); the
/// ClientWebSocket path and netstandard2.0 always receive through the thread pool.
/// </summary>
public enum QixReceiveMode
{
    /// <summary>
    /// <see cref="DedicatedThread"/> while fewer connections of the process hold a receive thread than twice its
    /// processor count (at least 8), <see cref="ThreadPool"/> for the connections beyond. A script or worker with a
    /// few busy sessions gets the faster path; a service holding hundreds shares the pool. Decided at each connect
    /// (a resume decides again). The default.
    /// </summary>
    Auto = 0,

    /// <summary>
    /// A thread of the connection's own that receives with blocking system calls and runs the session's receive
    /// loop, and the code after <c>await</c> of the call an answer completes, on itself: one thread wake-up per
    /// sequential call instead of the socket engine's thread and a thread-pool worker (about half the client CPU per
    /// sequential call; docs/performance.md, "Receive thread"). Code that blocks on that thread is noticed and a new
    /// thread takes over the reading: within about 2 ms when it waits synchronously for a call it started there
    /// (<c>.Result</c> after <c>await</c>), within about 0.1-0.2 s otherwise (docs/reliability.md, "Which thread runs
    /// what"). Costs one thread per session, also while idle (it holds no receive buffer).
    /// </summary>
    DedicatedThread = 1,

    /// <summary>
    /// Asynchronous receives completed by the runtime's socket engine through the thread pool: no thread of the
    /// session's own, any number of sessions.
    /// </summary>
    ThreadPool = 2,
}
