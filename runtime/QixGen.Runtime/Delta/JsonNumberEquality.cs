using System;
using System.Text;
using QixGen.Serialization;

namespace QixGen.Delta;

/// <summary>
/// Compares JSON number literals by exact decimal value (no rounding through <see cref="double"/>):
/// <c>100</c>, <c>1e2</c>, <c>1.00E+2</c> are equal, and so are <c>-0</c> and <c>0</c>.
/// </summary>
internal static class JsonNumberEquality
{
    /// <summary>Whether two JSON number literals have the same value.</summary>
    public static bool AreEqual(string left, string right) =>
        string.Equals(left, right, StringComparison.Ordinal)
        || JsonNumberText.AreEqual(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right), zeroHasSign: false);
}
