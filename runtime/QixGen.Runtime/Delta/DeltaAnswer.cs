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
    private readonly string? _outKey;
    private ReadOnlyMemory<byte> _json;
    private IDisposable? _owner;
    private ReadOnlyMemory<byte> _result;
    private Exception? _failure;
    private volatile bool _done;

    public DeltaAnswer(DeltaLane lane, string? outKey, ReadOnlyMemory<byte> json, IDisposable? owner)
    {
        _lane = lane;
        _outKey = outKey;
        _json = json;
        _owner = owner;
    }

    /// <summary>The answer queued after this one in its lane (the lane's queue links); guarded by the lane.</summary>
    public DeltaAnswer? Next { get; set; }

    /// <summary>Whether it was applied (successfully or not).</summary>
    public bool IsDone => _done;

    /// <summary>
    /// Applies this answer (and the earlier ones of its lane not applied yet) and returns the full result: UTF-8 JSON
    /// that is shared and must not be changed.
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
    /// For an answer nobody will resolve (its call ended first): it is still applied, on the thread pool, because
    /// the engine counts it as delivered and the next patch is against it.
    /// </summary>
    public void ResolveInBackground()
    {
        if (!_done)
        {
            ThreadPool.QueueUserWorkItem(static state => ((DeltaAnswer)state!)._lane.ApplyThrough((DeltaAnswer)state!), this);
        }
    }

    /// <summary>Applies the answer. Only the lane calls this, under its lock, in queue order.</summary>
    public void ApplyLocked()
    {
        try
        {
            _result = _outKey is null ? _lane.ApplyResultLocked(_json) : _lane.ApplyValueLocked(_outKey, _json);
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
