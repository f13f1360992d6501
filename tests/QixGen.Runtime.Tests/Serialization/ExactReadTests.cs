using System;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;
using System.Text.Json;
using QixGen.Serialization;
using Xunit;

namespace QixGen.Runtime.Tests.Serialization;

/// <summary>
/// The typed reads under the generated data types never round (docs/reliability.md "Round trips"): a value is
/// taken only when writing it back gives the same decimal; the rest is for the caller to keep raw.
/// </summary>
public sealed class ExactReadTests
{
    private delegate bool TryRead<T>(ref Utf8JsonReader reader, out T value);

    private static (bool Ok, T Value) Read<T>(string json, TryRead<T> read)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        var ok = read(ref reader, out var value);
        return (ok, value);
    }

    /// <summary><paramref name="count"/> random decimal digits, the first not zero.</summary>
    private static string Digits(Random random, int count)
    {
        var digits = new StringBuilder(count);
        digits.Append((char)('1' + random.Next(9)));
        for (var d = 1; d < count; d++)
        {
            digits.Append((char)('0' + random.Next(10)));
        }

        return digits.ToString();
    }

    private static string WriteDouble(double value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, QixJson.WriterOptions))
        {
            QixJson.WriteDouble(writer, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A decimal literal's exact value as a fraction numerator/10^scale, by BigInteger (no shared code with the runtime).</summary>
    private static (BigInteger Numerator, int Scale) Exact(string literal)
    {
        var e = literal.IndexOfAny(new[] { 'e', 'E' });
        var exponent = e < 0 ? 0 : int.Parse(literal.Substring(e + 1), CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? literal : literal.Substring(0, e);
        var dot = mantissa.IndexOf('.');
        var scale = dot < 0 ? 0 : mantissa.Length - dot - 1;
        var numerator = BigInteger.Parse(mantissa.Replace(".", string.Empty), CultureInfo.InvariantCulture);
        scale -= exponent;
        return scale >= 0 ? (numerator, scale) : (numerator * BigInteger.Pow(10, -scale), 0);
    }

    private static bool SameDecimal(string a, string b)
    {
        var (x, sx) = Exact(a);
        var (y, sy) = Exact(b);
        var scale = Math.Max(sx, sy);
        return x * BigInteger.Pow(10, scale - sx) == y * BigInteger.Pow(10, scale - sy);
    }

    [Theory]
    [InlineData("-0", true)]
    [InlineData("1E+300", true)]
    [InlineData("1e-7", true)]
    [InlineData("0.1", true)]
    [InlineData("0.10000000000000001", false)]
    [InlineData("0.680201010312885", true)] // 15 significant digits in 17 characters: taken without formatting
    [InlineData("100000000000000000000", true)]
    [InlineData("12345678901234567890", false)]
    [InlineData("9007199254740992", true)]
    [InlineData("9007199254740993", false)]
    [InlineData("1152921504606846976", false)] // 2^60: the double is exact, but .NET writes 1.152921504606847E+18
    [InlineData("1e400", false)]
    [InlineData("1e-400", false)]
    [InlineData("\"NaN\"", true)]
    [InlineData("\"-Infinity\"", true)]
    [InlineData("\"N\\u0061N\"", false)]
    [InlineData("\"\\ud800\"", false)]
    [InlineData("\"1.5\"", false)]
    [InlineData("null", false)]
    public void Doubles_are_taken_only_when_they_write_back_the_same_decimal(string json, bool taken) =>
        Assert.Equal(taken, Read<double>(json, QixJson.TryReadDouble).Ok);

    [Theory]
    [InlineData("7", 7L, 7)]
    [InlineData("7.0", 7L, 7)]
    [InlineData("7e2", 700L, 700)]
    [InlineData("-0", 0L, 0)]
    [InlineData("2147483648", 2147483648L, null)]
    [InlineData("-9223372036854775808", long.MinValue, null)]
    [InlineData("9223372036854775808", null, null)]
    [InlineData("1.5", null, null)]
    [InlineData("1e30", null, null)]
    [InlineData("1.00000000000000001", null, null)]
    [InlineData("\"7\"", null, null)]
    public void Integers_are_taken_only_when_the_literal_is_one_in_range(string json, long? asLong, int? asInt)
    {
        var wide = Read<long>(json, QixJson.TryReadInt64);
        var narrow = Read<int>(json, QixJson.TryReadInt32);
        Assert.Equal(asLong, wide.Ok ? wide.Value : null);
        Assert.Equal(asInt, narrow.Ok ? narrow.Value : null);
    }

    [Fact]
    public void Random_doubles_in_their_shortest_form_are_taken_and_written_back_byte_exact()
    {
        var random = new Random(20261130);
        var bytes = new byte[8];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(bytes);
            var value = BitConverter.ToDouble(bytes, 0);
            if (!double.IsFinite(value))
            {
                continue;
            }

            var literal = value.ToString("R", CultureInfo.InvariantCulture);
            var (ok, read) = Read<double>(literal, QixJson.TryReadDouble);
            Assert.True(ok, literal);
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(read));
            Assert.Equal(literal, WriteDouble(read));
        }
    }

    [Fact]
    public void Random_long_decimals_are_taken_exactly_when_the_written_form_has_their_value()
    {
        // Independent oracle: BigInteger arithmetic on the literal and on what WriteDouble writes.
        var random = new Random(7);
        var taken = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(15, 25);
            var digits = Digits(random, length);

            var literal = random.Next(3) switch
            {
                0 => digits,
                1 => digits.Insert(random.Next(1, length), "."),
                _ => digits.Insert(1, ".") + "E" + random.Next(-320, 300).ToString(CultureInfo.InvariantCulture),
            };
            var (ok, value) = Read<double>(literal, QixJson.TryReadDouble);
            var expected = double.IsFinite(value) && value != 0 && SameDecimal(literal, WriteDouble(value));
            Assert.True(expected == ok, $"{literal}: taken {ok}, written {WriteDouble(value)}");
            taken += ok ? 1 : 0;
        }

        Assert.InRange(taken, 1, 19_999); // both outcomes occur
    }

    [Fact]
    public void Plain_decimals_of_at_most_15_digits_are_taken_and_write_back_their_value()
    {
        // The shortcut that takes a literal without formatting its double (no exponent, at most 15 significant
        // digits, at most 300 characters), against the BigInteger oracle; zeros on either side make literals long.
        var random = new Random(15);
        for (var i = 0; i < 20_000; i++)
        {
            var count = random.Next(1, 16);
            var digits = Digits(random, count);

            var zeros = new string('0', random.Next(0, 286)); // up to 300 characters, below 1e300
            var literal = random.Next(3) switch
            {
                0 => digits + zeros,
                1 => "0." + zeros + digits,
                _ => digits.Insert(random.Next(1, count + 1), ".") + zeros,
            };
            literal = literal.EndsWith('.') ? literal + "0" : literal;
            literal = random.Next(4) == 0 ? "-" + literal : literal;
            var (ok, value) = Read<double>(literal, QixJson.TryReadDouble);
            Assert.True(ok, literal);
            Assert.True(SameDecimal(literal, WriteDouble(value)), $"{literal}: written {WriteDouble(value)}");
        }
    }

    [Fact]
    public void Short_plain_doubles_read_the_same_bits_as_the_reader_parses()
    {
        // TryReadDouble reads literals of at most 19 digits (up to 2^53, at most 22 after the point) with one exact
        // division instead of the reader's parser: both must give the same double, the sign of zero included.
        var random = new Random(53);
        var shortcuts = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var text = random.Next(10) == 0 ? "0" : Digits(random, random.Next(1, 20));
            var point = random.Next(-1, text.Length);
            var literal = point <= 0 ? text : text.Insert(point, ".");
            literal = random.Next(2) == 0 && point == 0 ? "0." + new string('0', random.Next(0, 8)) + text : literal;
            literal = random.Next(3) == 0 ? "-" + literal : literal;
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(literal));
            reader.Read();
            Assert.True(reader.TryGetDouble(out var parsed), literal);
            if (JsonNumberText.TryScanPlain(Encoding.UTF8.GetBytes(literal), out var mantissa, out var scale, out _)
                && JsonNumberText.TryDivide(mantissa, scale, out var value))
            {
                value = literal[0] == '-' ? -value : value;
                Assert.True(BitConverter.DoubleToInt64Bits(parsed) == BitConverter.DoubleToInt64Bits(value), $"{literal}: {value:R}, parser {parsed:R}");
                shortcuts++;
            }
        }

        Assert.InRange(shortcuts, 10_000, 49_999); // the shortcut is taken often, and not always
    }

    [Fact]
    public void Shortest_form_checks_without_formatting_agree_with_the_oracle()
    {
        // IsShortest decides 16- and 17-digit plain literals by integer arithmetic (or leaves them undecided): on
        // shortest forms, their neighbours in the last digit and with a trailing zero, against BigInteger.
        var random = new Random(17);
        var decided = 0;
        var taken = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var shortest = (random.NextDouble() * Math.Pow(10, random.Next(-4, 15))).ToString("R", CultureInfo.InvariantCulture);
            if (shortest.Contains('E'))
            {
                continue;
            }

            var last = shortest[^1] - '0';
            var literal = random.Next(4) switch
            {
                0 => shortest,
                1 => shortest[..^1] + (char)('0' + ((last + 1) % 10)),
                2 => shortest[..^1] + (char)('0' + ((last + 9) % 10)),
                _ => shortest + (shortest.Contains('.') ? "0" : ".0"),
            };
            var (ok, value) = Read<double>(literal, QixJson.TryReadDouble);
            var expected = SameDecimal(literal, WriteDouble(value));
            Assert.True(expected == ok, $"{literal}: taken {ok}, written {WriteDouble(value)}");
            Assert.True(JsonNumberText.TryScanPlain(Encoding.UTF8.GetBytes(literal), out var mantissa, out var scale, out var significant), literal);
            if (significant >= 16 && JsonNumberText.IsShortest(mantissa, scale, value) is { } shortestForm)
            {
                Assert.True(shortestForm == expected, $"{literal}: IsShortest {shortestForm}, written {WriteDouble(value)}");
                decided++;
                taken += shortestForm ? 1 : 0;
            }
        }

        Assert.InRange(decided, 5_000, 20_000); // most are decided without formatting,
        // Both ways. The netstandard2.0 build has no fused multiply-add, so it leaves the exact-distance verdicts (most
        // of the "not the shortest" ones) to formatting: fewer of those there.
        Assert.InRange(taken, 1_000, decided - (RuntimeBuild.IsNetStandard ? 100 : 1_000));
    }

    [Fact]
    public void Strings_with_a_lone_surrogate_are_refused_not_altered()
    {
        Assert.True(Read<string?>("\"\\ud83d\\ude00\\u0000\\/\"", QixJson.TryReadString).Ok);
        Assert.False(Read<string?>("\"\\ud800\"", QixJson.TryReadString).Ok);
        Assert.False(Read<string?>("\"\\udc00\\ud800\"", QixJson.TryReadString).Ok);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("\"\\ud800\""));
        reader.Read();
        try
        {
            QixJson.ReadString(ref reader);
            Assert.Fail("a lone surrogate was read");
        }
        catch (JsonException)
        {
        }
    }

    [Fact]
    public void Enumeration_tokens_are_text_or_32_bit_numbers()
    {
        static QixEnumToken Token(string json)
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            reader.Read();
            return QixJson.ReadEnumToken(ref reader, out _, out _);
        }

        Assert.Equal(QixEnumToken.Text, Token("\"LOCKED\""));
        Assert.Equal(QixEnumToken.Number, Token("1"));
        Assert.Equal(QixEnumToken.Other, Token("1.5"));
        Assert.Equal(QixEnumToken.Other, Token("null"));
        Assert.Equal(QixEnumToken.Other, Token("\"\\ud800\""));
    }
}
