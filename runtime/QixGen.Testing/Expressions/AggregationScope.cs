using System;
using System.Collections.Generic;
using QixGen.Testing.Data;

namespace QixGen.Testing.Expressions;

/// <summary>
/// A chart cell or a document-level expression: aggregations run over the rows of the aggregated field's table
/// that are in scope (the possible rows, narrowed to a dimension combination in a hypercube).
/// </summary>
internal sealed class AggregationScope : EvalScope
{
    private readonly DataModel _model;
    private readonly Func<TableData, IReadOnlyList<int>> _rowsOf;

    public AggregationScope(DataModel model, Func<TableData, IReadOnlyList<int>> rowsOf)
    {
        _model = model;
        _rowsOf = rowsOf;
    }

    /// <summary>A bare field outside an aggregation means Only(field).</summary>
    public override CellValue? FieldValue(string name) => Aggregate(new Call("ONLY", false, new Expr[] { new FieldRef(name) }));

    public override CellValue? Aggregate(Call call)
    {
        if (call.Args.Count != 1)
        {
            throw new ExpressionException($"{call.Name}() takes one argument.");
        }

        var fieldName = FirstField(call.Args[0]) ?? throw new ExpressionException($"{call.Name}() needs a field.");
        var field = _model.Field(fieldName) ?? throw new ExpressionException($"Field not found: {fieldName}");
        var table = field.Tables[0];
        var rowScope = new TableRowScope(table);
        var values = new List<CellValue>();
        foreach (var rowIndex in _rowsOf(table))
        {
            rowScope.MoveTo(table.Rows[rowIndex]);
            if (ExpressionEvaluator.Evaluate(call.Args[0], rowScope) is { } value)
            {
                values.Add(value);
            }
        }

        return Aggregations.Apply(call.Name, call.Distinct, values);
    }

    private static string? FirstField(Expr expr) => expr switch
    {
        FieldRef f => f.Name,
        Binary b => FirstField(b.Left) ?? FirstField(b.Right),
        Negate n => FirstField(n.Operand),
        Call c => FirstOf(c.Args),
        _ => null,
    };

    private static string? FirstOf(IReadOnlyList<Expr> args)
    {
        foreach (var arg in args)
        {
            if (FirstField(arg) is { } name)
            {
                return name;
            }
        }

        return null;
    }
}
