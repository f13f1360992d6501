using System;
using System.Threading;

namespace QixGen.Delta;

/// <summary>
/// One delta answer queued in its <see cref="DeltaLane"/>: the patch bytes until it is applied, then the full result
/// (or why it failed). Whoever needs it first applies it, with every earlier answer of the lane.
/// </summary>
internal sealed class DeltaAnswer
{
    private readonly DeltaLane _lane;
    private readonly DeltaStore _store;
    private readonly string? _outKey;
    private ReadOnlyMemory<byte> _json;
    private IDisposable? _owner;
    private ReadOnlyMemory<byte> _result;
    private SharedResult? _lease;
    private Exception? _failure;
    private volatile bool _done;

    /// <summary>An answer of <paramref name="lane"/>: <paramref name="json"/> is the result object (or <paramref name="outKey"/>'s patch), in <paramref name="owner"/>'s buffer until applied; <paramref name="store"/> is the lane's (its queue lock and array pool).</summary>
    public DeltaAnswer(DeltaLane lane, DeltaStore store, string? outKey, ReadOnlyMemory<byte> json, IDisposable? owner)
    {
        _lane = lane;
        _store = store;
        _outKey = outKey;
        _json = json;
        _owner = owner;
    }

    /// <summary>The store of its lane.</summary>
    public DeltaStore Store => _store;

    /// <summary>The answer queued after this one in its lane (the lane's queue links); guarded by the lane.</summary>
    public DeltaAnswer? Next { get; set; }

    /// <summary>Whether it was applied (successfully or not).</summary>
    public bool IsDone => _done;

    /// <summary>
    /// Applies this answer (and the earlier ones of its lane not applied yet) and returns the full result: UTF-8 JSON
    /// that is shared, must not be changed, and must not be read after <see cref="Release"/>.
    /// </summary>
    /// <exception cref="JsonPatchException">The answer's patch (or one of its out values) did not apply.</exception>
    public ReadOnlyMemory<byte> Resolve()
    {
        _lane.ApplyThrough(this);
        if (_failure is { } failure)
        {
            throw failure;
        }

        return _result;
    }

    /// <summary>
    /// The caller is done with the answer and no longer reads its result (the lane may then rewrite those bytes). An
    /// answer nobody resolved (its call ended first) is still applied, on the thread pool, because the engine counts it
    /// as delivered and the next patch is against it. Call once.
    /// </summary>
    public void Release()
    {
        if (_done)
        {
            DropLease();
            return;
        }

        ThreadPool.QueueUserWorkItem(
            static state =>
            {
                var answer = (DeltaAnswer)state!;
                answer._lane.ApplyThrough(answer);
                answer.DropLease();
            },
            this);
    }

    private void DropLease()
    {
        _result = default;
        Interlocked.Exchange(ref _lease, null)?.RemoveHolder();
    }

    /// <summary>Applies the answer. Only the lane calls this, under its lock, in queue order.</summary>
    public void ApplyLocked()
    {
        try
        {
            if (_outKey is null)
            {
                var result = _lane.ApplyResultLocked(_json, _store);
                result.AddHolder();
                _lease = result;
                _result = result.Memory;
            }
            else
            {
                _result = _lane.ApplyValueLocked(_outKey, _json);
            }
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _json = default;
            _owner?.Dispose();
            _owner = null;
            _done = true;
        }
    }
}
