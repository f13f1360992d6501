namespace QixGen.Changes;

/// <summary>What the engine said about an object: it changed (its layout is stale) or it was suspended.</summary>
public enum QixObjectChangeKind
{
    /// <summary>The object is in a <c>change</c> list: fetch its layout again.</summary>
    Changed,

    /// <summary>The object is in a <c>suspend</c> list (its session was suspended).</summary>
    Suspended,
}

/// <summary>One notification about an object, as delivered by <see cref="QixObjectChanges.ChangesAsync"/>.</summary>
public readonly struct QixObjectChange
{
    internal QixObjectChange(QixObjectChangeKind kind, long sequence)
    {
        Kind = kind;
        Sequence = sequence;
    }

    /// <summary>Changed or suspended.</summary>
    public QixObjectChangeKind Kind { get; }

    /// <summary>
    /// The notification's number since the stream subscribed (1, 2, ...). A gap means older notifications were dropped
    /// because the reader fell behind; since each one only says "stale", the latest is all a reader needs.
    /// </summary>
    public long Sequence { get; }
}
