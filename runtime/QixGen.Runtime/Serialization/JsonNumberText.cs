using System;
using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// Exact decimal reasoning on JSON number literals (UTF-8, as the reader saw them), so that a typed read never
/// rounds: an integer field takes only literals whose decimal value is an integer in range, a double field only
/// literals the written-back double denotes exactly.
/// </summary>
internal static class JsonNumberText
{
    /// <summary>Exponents are clamped here; beyond it no double or long can be meant.</summary>
    private const long ExponentLimit = 1_000_000_000_000L;

    /// <summary>2^53: every integer up to it is an exact double.</summary>
    private const ulong MaxExactInteger = 1UL << 53;

    /// <summary>The powers of ten that are exact doubles.</summary>
    private static readonly double[] s_powersOfTen =
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    };

    /// <summary>The literal of the number token the reader stands on.</summary>
    public static ReadOnlySpan<byte> Literal(ref Utf8JsonReader reader) =>
        reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;

    /// <summary>
    /// Whether a literal without exponent of at most 300 characters has at most 15 significant digits (leading and
    /// trailing zeros do not count): then its magnitude is 0 or between 1e-300 and 1e300, where doubles are normal,
    /// and no other decimal of 15 digits or fewer has the same nearest double, so the shortest form that reads back
    /// (what is written) is this decimal. <c>0.680201010312885</c> qualifies; <c>0.6857977109029889</c> (16 digits)
    /// needs <see cref="IsExactDouble"/>.
    /// </summary>
    public static bool IsShortPlain(ReadOnlySpan<byte> literal)
    {
        if (literal.Length > 300)
        {
            return false;
        }

        var digits = 0; // from the first non-zero digit on
        var significant = 0; // up to the last non-zero digit
        foreach (var c in literal)
        {
            if (c == (byte)'e' || c == (byte)'E')
            {
                return false;
            }

            if (c >= (byte)'1' && c <= (byte)'9')
            {
                significant = ++digits;
            }
            else if (c == (byte)'0' && digits > 0)
            {
                digits++;
            }
        }

        return significant <= 15;
    }

    /// <summary>
    /// The digits of a literal without exponent, of at most 300 characters and at most 19 digits leading zeros
    /// aside, as an integer and the count of digits after the point (<c>-0.0500</c>: 500 and 4). False for any other
    /// literal.
    /// </summary>
    /// <param name="literal">A JSON number literal (valid: the reader checked it).</param>
    /// <param name="mantissa">The digits as an integer, sign aside.</param>
    /// <param name="scale">How many digits follow the point.</param>
    /// <param name="significant">How many digits count for <see cref="IsShortPlain"/> (trailing zeros do not).</param>
    /// <returns>Whether the literal is such a one.</returns>
    public static bool TryScanPlain(ReadOnlySpan<byte> literal, out ulong mantissa, out int scale, out int significant)
    {
        mantissa = 0;
        scale = 0;
        significant = 0;
        if (literal.Length > 300)
        {
            return false;
        }

        var digits = 0; // from the first non-zero digit on
        var fraction = false;
        foreach (var c in literal)
        {
            if (c >= (byte)'0' && c <= (byte)'9')
            {
                if (c != (byte)'0' || digits > 0)
                {
                    if (++digits > 19)
                    {
                        return false;
                    }

                    mantissa = (mantissa * 10) + (ulong)(c - (byte)'0');
                    significant = c == (byte)'0' ? significant : digits;
                }

                scale += fraction ? 1 : 0;
            }
            else if (c == (byte)'.')
            {
                fraction = true;
            }
            else if (c != (byte)'-')
            {
                return false; // an exponent
            }
        }

        return true;
    }

    /// <summary>
    /// <paramref name="mantissa"/> / 10^<paramref name="scale"/> when the integer is at most 2^53 and the scale at
    /// most 22: both are then exact doubles, so one division gives the correctly rounded value (what the reader's
    /// parser gives too, without its general path).
    /// </summary>
    public static bool TryDivide(ulong mantissa, int scale, out double value)
    {
        var exact = mantissa <= MaxExactInteger && scale < s_powersOfTen.Length;
        value = exact ? mantissa / s_powersOfTen[scale] : 0;
        return exact;
    }

    /// <summary>
    /// Whether the decimal <paramref name="mantissa"/> / 10^<paramref name="scale"/> of 16 to 19 significant digits,
    /// which reads as <paramref name="value"/> (positive), is the shortest form that reads back as it, the form
    /// written: no decimal one digit shorter reads as the value, and it is the nearest decimal of its length to the
    /// value. Null when this cannot be told cheaply (the caller then formats the value and compares).
    /// </summary>
    public static bool? IsShortest(ulong mantissa, int scale, double value)
    {
        while (mantissa % 10 == 0 && scale > 0)
        {
            mantissa /= 10;
            scale--;
        }

        if (mantissa % 10 == 0 || scale < 1 || scale >= s_powersOfTen.Length)
        {
            return null;
        }

        // A shorter form reads as the value when one of the two shorter decimals around this one does (reading is
        // monotonic: a shorter decimal further away reads as the value only if the nearer one does too).
        var below = ReadsAs(mantissa / 10, scale - 1, value);
        var above = ReadsAs((mantissa / 10) + 1, scale - 1, value);
        if (below == true || above == true)
        {
            return false;
        }

        if (below is null || above is null)
        {
            return null;
        }

        if (mantissa < MaxExactInteger)
        {
            // Alone of its length to read as the value: then it is the nearest. Otherwise (two or more), undecided.
            return ReadsAs(mantissa - 1, scale, value) == false && ReadsAs(mantissa + 1, scale, value) == false ? true : null;
        }

#if NETCOREAPP3_0_OR_GREATER
        // The exact distance to the value in units of the last digit: value * 10^scale is product + error exactly,
        // and the product, at least 2^53, is an integer.
        var power = s_powersOfTen[scale];
        var product = value * power;
        var error = Math.FusedMultiplyAdd(value, power, -product);
        if (product < MaxExactInteger || product >= long.MaxValue)
        {
            return null;
        }

        var distance = Math.Abs((double)((long)mantissa - (long)product) - error);
        return distance < 0.4999 ? true : distance > 0.5001 ? false : null;
#else
        // No fused multiply-add to measure the distance exactly (netstandard2.0): the caller formats instead.
        return null;
#endif
    }

    private static bool? ReadsAs(ulong mantissa, int scale, double value) =>
        TryDivide(mantissa, scale, out var read) ? read == value : null;

    /// <summary>The literal's value when it is an integer in the range of <see cref="long"/> (e.g. <c>1.0</c>, <c>2E3</c>).</summary>
    public static bool TryGetIntegral(ReadOnlySpan<byte> literal, out long value)
    {
        value = 0;
        Span<byte> digits = literal.Length <= 64 ? stackalloc byte[literal.Length] : new byte[literal.Length];
        var count = Normalize(literal, digits, out var negative, out var exponent);
        if (count == 0)
        {
            return true;
        }

        if (exponent < 0 || count + exponent > 19)
        {
            return false; // a fraction, or more than 19 digits
        }

        ulong magnitude = 0;
        for (var i = 0; i < count; i++)
        {
            magnitude = (magnitude * 10) + digits[i];
        }

        for (var i = 0; i < exponent; i++)
        {
            if (magnitude > ulong.MaxValue / 10)
            {
                return false;
            }

            magnitude *= 10;
        }

        const ulong LongMinMagnitude = 9_223_372_036_854_775_808UL;
        if (negative)
        {
            if (magnitude > LongMinMagnitude)
            {
                return false;
            }

            value = magnitude == LongMinMagnitude ? long.MinValue : -(long)magnitude;
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="value"/>, as written back, denotes exactly the decimal of <paramref name="literal"/>
    /// (the sign of zero included: <c>-0</c> stays <c>-0</c>).
    /// </summary>
    public static bool IsExactDouble(ReadOnlySpan<byte> literal, double value)
    {
        Span<byte> formatted = stackalloc byte[32];
        var shortest = formatted.Slice(0, FormatDouble(value, formatted));
        // Most producers print the same shortest form: equal bytes settle it without normalizing.
        return literal.SequenceEqual(shortest) || AreEqual(literal, shortest, zeroHasSign: true);
    }

    /// <summary>Whether two literals have the same decimal value (<c>100</c> = <c>1e2</c> = <c>1.00E+2</c>).</summary>
    /// <param name="left">A JSON number literal.</param>
    /// <param name="right">Another.</param>
    /// <param name="zeroHasSign">Whether <c>-0</c> differs from <c>0</c> (it does for a double, not as a number).</param>
    public static bool AreEqual(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, bool zeroHasSign)
    {
        Span<byte> a = left.Length <= 64 ? stackalloc byte[left.Length] : new byte[left.Length];
        Span<byte> b = right.Length <= 64 ? stackalloc byte[right.Length] : new byte[right.Length];
        var countA = Normalize(left, a, out var negativeA, out var exponentA);
        var countB = Normalize(right, b, out var negativeB, out var exponentB);
        return (negativeA == negativeB || (countA == 0 && !zeroHasSign))
            && countA == countB
            && (countA == 0 || exponentA == exponentB)
            && a.Slice(0, countA).SequenceEqual(b.Slice(0, countB));
    }

    /// <summary>The shortest text that reads back as <paramref name="value"/> (finite values only), as ASCII.</summary>
    public static int FormatDouble(double value, Span<byte> destination)
    {
#if NET8_0_OR_GREATER
        value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture);
        return written;
#else
        var chars = FormatDouble(value);
        for (var i = 0; i < chars.Length; i++)
        {
            destination[i] = (byte)chars[i];
        }

        return chars.Length;
#endif
    }

#if !NET8_0_OR_GREATER
    /// <summary>"R" where it reads back (older frameworks' "R" sometimes does not), else 17 digits.</summary>
    public static string FormatDouble(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).Equals(value)
            ? text
            : value.ToString("G17", CultureInfo.InvariantCulture);
    }
#endif

    /// <summary>
    /// Reduces a literal to value = (-1)^negative * digits * 10^exponent, digits (0-9 values) without leading or
    /// trailing zeros; returns how many digits (0 for zero).
    /// </summary>
    private static int Normalize(ReadOnlySpan<byte> literal, Span<byte> digits, out bool negative, out long exponent)
    {
        var i = 0;
        negative = false;
        exponent = 0;
        if (i < literal.Length && (literal[i] == '-' || literal[i] == '+'))
        {
            negative = literal[i] == '-';
            i++;
        }

        var count = 0;
        var inFraction = false;
        for (; i < literal.Length; i++)
        {
            var c = literal[i];
            if (c == '.')
            {
                inFraction = true;
                continue;
            }

            if (c < '0' || c > '9')
            {
                break;
            }

            if (inFraction)
            {
                exponent--;
            }

            if (count == 0 && c == '0')
            {
                continue; // leading zero
            }

            digits[count++] = (byte)(c - '0');
        }

        if (i < literal.Length && (literal[i] == 'e' || literal[i] == 'E'))
        {
            i++;
            var sign = 1;
            if (i < literal.Length && (literal[i] == '-' || literal[i] == '+'))
            {
                sign = literal[i] == '-' ? -1 : 1;
                i++;
            }

            long e = 0;
            for (; i < literal.Length && literal[i] >= '0' && literal[i] <= '9'; i++)
            {
                e = Math.Min((e * 10) + (literal[i] - '0'), ExponentLimit);
            }

            exponent += sign * e;
        }

        // Digits after the last significant one were counted into the exponent as fraction digits or are
        // integer zeros: move trailing zeros into the exponent.
        while (count > 0 && digits[count - 1] == 0)
        {
            count--;
            exponent++;
        }

        return count;
    }
}
