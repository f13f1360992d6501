namespace QixGen.Delta;

/// <summary>The six operations of RFC 6902 section 4.</summary>
internal enum JsonPatchOperationKind
{
    Add,
    Remove,
    Replace,
    Move,
    Copy,
    Test,
}
