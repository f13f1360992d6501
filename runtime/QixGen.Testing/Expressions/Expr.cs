using System.Collections.Generic;

namespace QixGen.Testing.Expressions;

/// <summary>A parsed expression (the small subset of Qlik's expression language the simulator evaluates).</summary>
internal abstract class Expr
{
}

internal sealed class NumberLiteral : Expr
{
    public NumberLiteral(double value) => Value = value;

    public double Value { get; }
}

internal sealed class StringLiteral : Expr
{
    public StringLiteral(string value) => Value = value;

    public string Value { get; }
}

internal sealed class FieldRef : Expr
{
    public FieldRef(string name) => Name = name;

    public string Name { get; }
}

internal sealed class Call : Expr
{
    public Call(string name, bool distinct, IReadOnlyList<Expr> args)
    {
        Name = name;
        Distinct = distinct;
        Args = args;
    }

    /// <summary>The function name, upper case.</summary>
    public string Name { get; }

    public bool Distinct { get; }

    public IReadOnlyList<Expr> Args { get; }

    public bool IsAggregation => Name is "SUM" or "COUNT" or "AVG" or "MIN" or "MAX" or "ONLY";
}

internal sealed class Binary : Expr
{
    public Binary(string op, Expr left, Expr right)
    {
        Op = op;
        Left = left;
        Right = right;
    }

    public string Op { get; }

    public Expr Left { get; }

    public Expr Right { get; }
}

internal sealed class Negate : Expr
{
    public Negate(Expr operand) => Operand = operand;

    public Expr Operand { get; }
}
