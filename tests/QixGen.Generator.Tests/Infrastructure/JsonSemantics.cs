using System.Linq;
using System.Text.Json;

namespace QixGen.Generator.Tests;

/// <summary>JSON equality that ignores key order and number spelling (1.0 == 1), nothing else.</summary>
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
                return a.GetDouble().Equals(b.GetDouble());
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            default:
                return true;
        }
    }
}
