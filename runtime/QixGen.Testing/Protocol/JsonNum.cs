using System.Globalization;
using System.Text.Json.Nodes;

namespace QixGen.Testing.Protocol;

/// <summary>Numbers as the engine writes them: <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c> as strings.</summary>
internal static class JsonNum
{
    public static JsonNode Of(double value)
    {
        if (double.IsNaN(value))
        {
            return JsonValue.Create("NaN");
        }

        if (double.IsInfinity(value))
        {
            return JsonValue.Create(value > 0 ? "Infinity" : "-Infinity");
        }

        return JsonValue.Create(value);
    }

    /// <summary>A number's cell text: integers plainly, others with 14 significant digits (as the engine).</summary>
    public static string Text(double value)
    {
        if (double.IsNaN(value))
        {
            return "-";
        }

        if (value == System.Math.Floor(value) && System.Math.Abs(value) < 1e15)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("G14", CultureInfo.InvariantCulture);
    }
}
