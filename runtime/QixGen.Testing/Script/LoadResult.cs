namespace QixGen.Testing.Script;

/// <summary>What one statement produced: a table, a script variable, or an error.</summary>
internal sealed class LoadResult
{
    public Data.RawTable? Table { get; init; }

    public ScriptError? Error { get; init; }

    public string? VariableName { get; init; }

    public string? VariableValue { get; init; }
}
