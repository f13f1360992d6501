namespace QixGen.Testing.Script;

/// <summary>A script failure: the 1-based line of the failing statement, its text and the message.</summary>
internal sealed class ScriptError
{
    public ScriptError(int line, string statement, string reason)
    {
        Line = line;
        Statement = statement;
        Reason = reason;
    }

    public int Line { get; }

    public string Statement { get; }

    public string Reason { get; }

    /// <summary>"Script error at line N: reason" (what GetProgress and CheckScriptSyntax report).</summary>
    public string Message => $"Script error at line {Line}: {Reason}";
}
