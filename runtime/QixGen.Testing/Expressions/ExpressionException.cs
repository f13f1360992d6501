using System;

namespace QixGen.Testing.Expressions;

/// <summary>An expression the simulator cannot parse or evaluate.</summary>
internal sealed class ExpressionException : Exception
{
    public ExpressionException(string message)
        : base(message)
    {
    }
}
