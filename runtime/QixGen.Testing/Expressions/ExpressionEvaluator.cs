using System;
using System.Globalization;
using QixGen.Testing.Data;

namespace QixGen.Testing.Expressions;

/// <summary>Evaluates an <see cref="Expr"/> in a scope; null is Qlik's null.</summary>
internal static class ExpressionEvaluator
{
    public static CellValue? Evaluate(Expr expr, EvalScope scope)
    {
        switch (expr)
        {
            case NumberLiteral n:
                return CellValue.FromNumber(n.Value);
            case StringLiteral s:
                return CellValue.Parse(s.Value);
            case FieldRef f:
                return scope.FieldValue(f.Name);
            case Negate n:
                return Evaluate(n.Operand, scope) is { IsNumeric: true } v ? CellValue.FromNumber(-v.Number) : null;
            case Binary b:
                return EvaluateBinary(b, scope);
            case Call c when c.IsAggregation:
                return scope.Aggregate(c);
            case Call c:
                return EvaluateFunction(c, scope);
            default:
                throw new ExpressionException("Unknown expression.");
        }
    }

    private static CellValue? EvaluateBinary(Binary b, EvalScope scope)
    {
        var left = Evaluate(b.Left, scope);
        var right = Evaluate(b.Right, scope);
        if (b.Op == "&")
        {
            return CellValue.FromText((left?.Text ?? string.Empty) + (right?.Text ?? string.Empty));
        }

        if (b.Op is "=" or "<>" or "<" or ">" or "<=" or ">=")
        {
            var comparison = left is { IsNumeric: true } l && right is { IsNumeric: true } r
                ? l.Number.CompareTo(r.Number)
                : string.Compare(left?.Text, right?.Text, StringComparison.OrdinalIgnoreCase);
            var truth = b.Op switch
            {
                "=" => comparison == 0,
                "<>" => comparison != 0,
                "<" => comparison < 0,
                ">" => comparison > 0,
                "<=" => comparison <= 0,
                _ => comparison >= 0,
            };
            return CellValue.FromNumber(truth ? -1 : 0); // Qlik's true is -1
        }

        if (left is not { IsNumeric: true } a || right is not { IsNumeric: true } c)
        {
            return null;
        }

        return b.Op switch
        {
            "+" => CellValue.FromNumber(a.Number + c.Number),
            "-" => CellValue.FromNumber(a.Number - c.Number),
            "*" => CellValue.FromNumber(a.Number * c.Number),
            "/" => c.Number == 0 ? null : CellValue.FromNumber(a.Number / c.Number),
            _ => throw new ExpressionException($"Unknown operator {b.Op}."),
        };
    }

    private static CellValue? EvaluateFunction(Call c, EvalScope scope)
    {
        switch (c.Name)
        {
            case "RECNO":
                return CellValue.FromNumber(scope.RecNo);
            case "ROWNO":
                return CellValue.FromNumber(scope.RowNo);
            case "RAND":
                return CellValue.FromNumber(scope.Random.NextDouble());
            case "UPPER" when c.Args.Count == 1:
                return Evaluate(c.Args[0], scope) is { } u ? CellValue.FromText(u.Text.ToUpperInvariant()) : null;
            case "LOWER" when c.Args.Count == 1:
                return Evaluate(c.Args[0], scope) is { } l ? CellValue.FromText(l.Text.ToLowerInvariant()) : null;
            case "ROUND" when c.Args.Count == 1:
                return Evaluate(c.Args[0], scope) is { IsNumeric: true } r ? CellValue.FromNumber(Math.Round(r.Number)) : null;
            case "NUM" when c.Args.Count >= 1:
                return Evaluate(c.Args[0], scope) is { IsNumeric: true } n ? CellValue.FromNumber(n.Number) : null;
            case "TEXT" when c.Args.Count == 1:
                return Evaluate(c.Args[0], scope) is { } t ? CellValue.FromText(t.Text) : null;
            default:
                throw new ExpressionException($"Function {c.Name}() is not supported by the QixGen simulator.");
        }
    }

    /// <summary>Formats a value for Evaluate's text answer.</summary>
    public static string Text(CellValue? value) => value?.Text ?? "-";

    /// <summary>Parses a number as the engine's text fields carry it.</summary>
    public static double ParseNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : double.NaN;
}
