using System;

namespace QixGen.Delta;

/// <summary>
/// Compares JSON number literals by exact decimal value (no rounding through <see cref="double"/>):
/// each literal is reduced to sign, significant digits and exponent, so <c>100</c>, <c>1e2</c>, <c>1.00E+2</c> are equal.
/// </summary>
internal static class JsonNumberEquality
{
    /// <summary>Exponents beyond this are clamped; two such literals are far outside anything a double can carry.</summary>
    private const long ExponentLimit = 1_000_000_000_000L;

    /// <summary>Whether two JSON number literals have the same value.</summary>
    public static bool AreEqual(string left, string right)
    {
        if (string.Equals(left, right, StringComparison.Ordinal))
        {
            return true;
        }

        var a = Normalize(left);
        var b = Normalize(right);
        if (a.Digits.Length == 0 || b.Digits.Length == 0)
        {
            // Zero has no sign in value terms: -0 equals 0.
            return a.Digits.Length == b.Digits.Length;
        }

        return a.Negative == b.Negative && a.Exponent == b.Exponent && string.Equals(a.Digits, b.Digits, StringComparison.Ordinal);
    }

    /// <summary>value = (-1)^Negative * Digits * 10^Exponent, Digits without leading or trailing zeros ("" for zero).</summary>
    private static (bool Negative, string Digits, long Exponent) Normalize(string literal)
    {
        var i = 0;
        var negative = false;
        if (i < literal.Length && (literal[i] == '-' || literal[i] == '+'))
        {
            negative = literal[i] == '-';
            i++;
        }

        var digits = new System.Text.StringBuilder(literal.Length);
        long exponent = 0;
        var inFraction = false;
        for (; i < literal.Length; i++)
        {
            var c = literal[i];
            if (c == '.')
            {
                inFraction = true;
            }
            else if (c >= '0' && c <= '9')
            {
                digits.Append(c);
                if (inFraction)
                {
                    exponent--;
                }
            }
            else
            {
                break;
            }
        }

        if (i < literal.Length && (literal[i] == 'e' || literal[i] == 'E'))
        {
            exponent += ReadExponent(literal, i + 1);
        }

        var text = digits.ToString();
        var first = 0;
        while (first < text.Length && text[first] == '0')
        {
            first++;
        }

        var last = text.Length;
        while (last > first && text[last - 1] == '0')
        {
            last--;
            exponent++;
        }

        return (negative, text.Substring(first, last - first), exponent);
    }

    private static long ReadExponent(string literal, int start)
    {
        var sign = 1;
        if (start < literal.Length && (literal[start] == '-' || literal[start] == '+'))
        {
            sign = literal[start] == '-' ? -1 : 1;
            start++;
        }

        long value = 0;
        for (var i = start; i < literal.Length && literal[i] >= '0' && literal[i] <= '9'; i++)
        {
            value = Math.Min(value * 10 + (literal[i] - '0'), ExponentLimit);
        }

        return sign * value;
    }
}
