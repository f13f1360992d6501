namespace QixGen.Cli.Diff;

/// <summary>What kind of API element changed.</summary>
internal enum ChangeSubject
{
    Method,
    Parameter,
    Result,
    Type,
    Property,
    Enum,
    EnumMember,
    Deprecation,
    Stability,
}

/// <summary>Added, removed or changed.</summary>
internal enum ChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>
/// One difference between two releases: <paramref name="Name"/> is the wire name (<c>Doc.GetObject</c>,
/// <c>Doc.GetObject(qId)</c>, <c>NxInfo.qType</c>); <paramref name="Breaking"/> when code written against the
/// old release's generated C# may not compile against the new one.
/// </summary>
internal sealed record SchemaChange(ChangeSubject Subject, ChangeKind Kind, string Name, string Detail, bool Breaking);
