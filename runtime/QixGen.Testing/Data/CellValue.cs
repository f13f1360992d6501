using System;
using System.Globalization;
using QixGen.Testing.Protocol;

namespace QixGen.Testing.Data;

/// <summary>A field value as Qlik keeps it: a dual of text and number (<see cref="double.NaN"/> when not numeric).</summary>
internal readonly struct CellValue : IEquatable<CellValue>
{
    public CellValue(string text, double number)
    {
        Text = text;
        Number = number;
    }

    public string Text { get; }

    public double Number { get; }

    public bool IsNumeric => !double.IsNaN(Number);

    /// <summary>Identity within a field: numbers by value (so "1" and "1.0" are one value), text by text.</summary>
    public string Key => IsNumeric ? "#" + Number.ToString("R", CultureInfo.InvariantCulture) : "$" + Text;

    public static CellValue FromNumber(double number) => new CellValue(JsonNum.Text(number), number);

    public static CellValue FromText(string text) => new CellValue(text, double.NaN);

    /// <summary>Reads loaded text as Qlik does: a number when it parses as one (keeping the original text), else text.</summary>
    public static CellValue Parse(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && text.Trim().Length > 0
            ? new CellValue(text.Trim(), number)
            : FromText(text);

    /// <summary>A value given from code: numbers are numeric, strings are text, anything else its invariant text.</summary>
    public static CellValue? FromObject(object? value) => value switch
    {
        null => null,
        CellValue cell => cell,
        string s => FromText(s),
        bool b => FromNumber(b ? -1 : 0),
        IConvertible c when value is int or long or short or byte or double or float or decimal or uint or ulong or ushort or sbyte =>
            FromNumber(c.ToDouble(CultureInfo.InvariantCulture)),
        IFormattable f => FromText(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => FromText(value.ToString() ?? string.Empty),
    };

    public bool Equals(CellValue other) => Key == other.Key;

    public override bool Equals(object? obj) => obj is CellValue other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
}
