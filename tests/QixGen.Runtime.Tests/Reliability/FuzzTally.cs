using System.Collections.Concurrent;
using System.Linq;
using System.Threading;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>What a fuzz run counted. The failure counts must all be zero; the rest describes the run.</summary>
internal sealed class FuzzTally
{
    private readonly ConcurrentDictionary<string, int> _outcomes = new();
    private readonly ConcurrentQueue<string> _examples = new();

    public int Scripts;
    public int Frames;
    public int Calls;

    // Failures.
    public int LoopDeaths;
    public int HungCalls;
    public int UntypedExceptions;
    public int InvisibleCloses;
    public int InternalErrorCloses;
    public int DisposeFaults;

    // Description.
    public int VisibleCloses;
    public int ProtocolErrorEvents;

    public int Failures => LoopDeaths + HungCalls + UntypedExceptions + InvisibleCloses + InternalErrorCloses + DisposeFaults;

    public void Outcome(string kind) => _outcomes.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public void Example(string text)
    {
        if (_examples.Count < 20)
        {
            _examples.Enqueue(text);
        }
    }

    public void Add(ref int counter) => Interlocked.Increment(ref counter);

    public string Describe() =>
        $"scripts {Scripts}, frames {Frames}, calls {Calls}; loop deaths {LoopDeaths}, hung calls {HungCalls}, untyped exceptions {UntypedExceptions}, " +
        $"invisible closes {InvisibleCloses}, internal-error (1011) closes {InternalErrorCloses}, dispose faults {DisposeFaults}; " +
        $"visible closes {VisibleCloses}, ProtocolError events {ProtocolErrorEvents}; call outcomes: " +
        string.Join(", ", _outcomes.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")) +
        (_examples.IsEmpty ? "" : "\nexamples:\n  " + string.Join("\n  ", _examples));
}
