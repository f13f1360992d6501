using System.Collections.Generic;
using QixGen.Testing.Expressions;

namespace QixGen.Testing.Script;

/// <summary>Where a LOAD reads from.</summary>
internal enum LoadSource
{
    Inline,
    File,
    AutoGenerate,
}

/// <summary>One field of a LOAD list: <c>*</c>, or an expression with the name it loads as.</summary>
internal sealed class LoadField
{
    public LoadField(Expr? expression, string name)
    {
        Expression = expression;
        Name = name;
    }

    /// <summary>Null for <c>*</c> (all source fields).</summary>
    public Expr? Expression { get; }

    public string Name { get; }
}

/// <summary>A parsed statement: a LOAD, or SET/LET of a variable.</summary>
internal sealed class ScriptStatement
{
    public int Line { get; set; }

    public string Text { get; set; } = string.Empty;

    public string? Label { get; set; }

    public bool IsVariable { get; set; }

    public bool IsLet { get; set; }

    public string VariableName { get; set; } = string.Empty;

    public string VariableValue { get; set; } = string.Empty;

    public LoadSource Source { get; set; }

    public List<LoadField> Fields { get; } = new List<LoadField>();

    public string InlineData { get; set; } = string.Empty;

    public string FilePath { get; set; } = string.Empty;

    public char Delimiter { get; set; } = ',';

    public bool EmbeddedLabels { get; set; } = true;

    public int GenerateCount { get; set; }

    /// <summary>The progress line the engine prints for the statement, e.g. <c>TempTable &lt;&lt; AUTOGENERATE(100)</c>.</summary>
    public string ProgressText => Source switch
    {
        LoadSource.AutoGenerate => $"{Label} << AUTOGENERATE({GenerateCount})",
        LoadSource.File => $"{Label} << {System.IO.Path.GetFileNameWithoutExtension(FilePath)}",
        _ => $"{Label} << INLINE",
    };
}
