using System.Linq;
using System.Text.Json;

namespace QixGen.Generator.Tests;

/// <summary>
/// JSON equality that ignores key order, number spelling (1.0 == 1e0 == 1, compared as exact decimals, never
/// through double) and string escaping (\u00e9 == é), nothing else. Strings no .NET string can hold (lone
/// surrogate escapes) compare by raw text.
/// </summary>
internal static class JsonSemantics
{
    public static bool Equal(JsonElement a, JsonElement b, out string path) => Equal(a, b, "$", out path);

    private static bool Equal(JsonElement a, JsonElement b, string at, out string path)
    {
        path = at;
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToList();
                var right = b.EnumerateObject().ToList();
                if (left.Count != right.Count)
                {
                    path = $"{at} ({left.Count} vs {right.Count} properties: {string.Join(",", left.Select(p => p.Name).Except(right.Select(p => p.Name)).Concat(right.Select(p => p.Name).Except(left.Select(p => p.Name))))})";
                    return false;
                }

                foreach (var property in left)
                {
                    if (!b.TryGetProperty(property.Name, out var other))
                    {
                        path = at + "." + property.Name;
                        return false;
                    }

                    if (!Equal(property.Value, other, at + "." + property.Name, out path))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                {
                    return false;
                }

                var i = 0;
                foreach (var (x, y) in a.EnumerateArray().Zip(b.EnumerateArray()))
                {
                    if (!Equal(x, y, $"{at}[{i++}]", out path))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Number:
                return Decimal(a.GetRawText()) == Decimal(b.GetRawText());
            case JsonValueKind.String:
                return Text(a) == Text(b);
            default:
                return true;
        }
    }

    private static string Text(JsonElement value)
    {
        try
        {
            return "s:" + value.GetString();
        }
        catch (System.InvalidOperationException)
        {
            return "raw:" + value.GetRawText();
        }
    }

    /// <summary>A number literal's exact value as "sign digits e exponent" (digits without leading/trailing zeros).</summary>
    public static string Decimal(string literal)
    {
        var negative = literal.StartsWith('-');
        var body = literal.TrimStart('-', '+');
        var exponent = 0L;
        var e = body.IndexOfAny(new[] { 'e', 'E' });
        if (e >= 0)
        {
            exponent = long.Parse(body.Substring(e + 1), System.Globalization.CultureInfo.InvariantCulture);
            body = body.Substring(0, e);
        }

        var dot = body.IndexOf('.');
        if (dot >= 0)
        {
            exponent -= body.Length - dot - 1;
            body = body.Remove(dot, 1);
        }

        body = body.TrimStart('0');
        if (body.Length == 0)
        {
            return "0";
        }

        var trimmed = body.TrimEnd('0');
        exponent += body.Length - trimmed.Length;
        return (negative ? "-" : "+") + trimmed + "e" + exponent.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
