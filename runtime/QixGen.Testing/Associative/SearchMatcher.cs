using System;
using System.Globalization;
using System.Text.RegularExpressions;
using QixGen.Testing.Data;

namespace QixGen.Testing.Associative;

/// <summary>
/// Field.Select's search string: exact text (case-insensitive), wildcards <c>*</c> and <c>?</c>, or a numeric
/// range such as <c>&gt;5</c>, <c>&lt;=10</c> or <c>&gt;=2&lt;8</c>.
/// </summary>
internal sealed class SearchMatcher
{
    private static readonly Regex s_range = new Regex(@"^\s*(?:(?<op1>>=|<=|>|<)\s*(?<n1>-?[\d.]+(?:[eE][+-]?\d+)?))\s*(?:(?<op2>>=|<=|>|<)\s*(?<n2>-?[\d.]+(?:[eE][+-]?\d+)?))?\s*$", RegexOptions.CultureInvariant);
    private readonly Func<CellValue, bool> _match;

    public SearchMatcher(string search)
    {
        var range = s_range.Match(search);
        if (range.Success)
        {
            var first = Compare(range.Groups["op1"].Value, Parse(range.Groups["n1"].Value));
            var second = range.Groups["op2"].Success ? Compare(range.Groups["op2"].Value, Parse(range.Groups["n2"].Value)) : _ => true;
            _match = v => v.IsNumeric && first(v.Number) && second(v.Number);
        }
        else if (search.IndexOfAny(new[] { '*', '?' }) >= 0)
        {
            var pattern = new Regex("^" + Regex.Escape(search).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
            _match = v => pattern.IsMatch(v.Text);
        }
        else
        {
            _match = v => string.Equals(v.Text, search, StringComparison.OrdinalIgnoreCase)
                || (v.IsNumeric && double.TryParse(search, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == v.Number);
        }
    }

    public bool Matches(CellValue value) => _match(value);

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static Func<double, bool> Compare(string op, double bound) => op switch
    {
        ">" => x => x > bound,
        ">=" => x => x >= bound,
        "<" => x => x < bound,
        _ => x => x <= bound,
    };
}
