using System;
using QixGen.Testing.Data;

namespace QixGen.Testing.Expressions;

/// <summary>What an expression can see: field values of a current row, aggregations over a set of rows, or both.</summary>
internal abstract class EvalScope
{
    public virtual CellValue? FieldValue(string name) => throw new ExpressionException($"Field not found: {name}");

    public virtual CellValue? Aggregate(Call call) => throw new ExpressionException($"Aggregation {call.Name}() is not allowed here.");

    public virtual int RecNo => throw new ExpressionException("RecNo() is only allowed in a LOAD statement.");

    public virtual int RowNo => throw new ExpressionException("RowNo() is only allowed in a LOAD statement.");

    public virtual Random Random => Random.Shared;
}
