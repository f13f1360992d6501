using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace QixGen.Generator.Emitting;

/// <summary>
/// Turns the spec's descriptions (Markdown with stray, often unbalanced HTML) into text that is safe inside
/// XML doc comments: tags dropped or turned into text, links reduced to their text, XML characters escaped.
/// </summary>
internal static class DocText
{
    private static readonly Regex s_link = new(@"\[([^\]]*)\]\([^)]*\)", RegexOptions.CultureInvariant);
    private static readonly Regex s_lineBreakTags = new(@"<\s*(br|/tr|/p|p|/li|/div|/table|/ul|/ol)\s*/?\s*>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex s_listItem = new(@"<\s*li\s*>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex s_cellEnd = new(@"<\s*/\s*t[dh]\s*>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex s_anyTag = new(@"</?[a-zA-Z][^<>]*/?>", RegexOptions.CultureInvariant);
    private static readonly Regex s_bold = new(@"\*\*([^*]+)\*\*", RegexOptions.CultureInvariant);

    /// <summary>The description as lines of escaped text (no leading or trailing blank lines).</summary>
    public static List<string> Lines(string? description)
    {
        var lines = new List<string>();
        if (string.IsNullOrWhiteSpace(description))
        {
            return lines;
        }

        var text = description!.Replace("\r\n", "\n").Replace('\r', '\n');
        text = s_link.Replace(text, "$1");
        text = s_lineBreakTags.Replace(text, "\n");
        text = s_listItem.Replace(text, "\n* ");
        text = s_cellEnd.Replace(text, " ");
        text = s_anyTag.Replace(text, string.Empty);
        text = s_bold.Replace(text, "$1");
        // Entities are decoded here and re-escaped once below, so "&lt;" never turns into "&amp;lt;".
        text = text.Replace("&nbsp;", " ").Replace("&lt;", "<").Replace("&gt;", ">").Replace("&quot;", "\"").Replace("&#39;", "'").Replace("&amp;", "&");

        var blank = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = Escape(raw.TrimEnd());
            if (line.Trim().Length == 0)
            {
                blank = lines.Count > 0;
                continue;
            }

            if (blank)
            {
                lines.Add(string.Empty);
                blank = false;
            }

            lines.Add(line);
        }

        return lines;
    }

    /// <summary>The description on one line, for &lt;param&gt; and short remarks.</summary>
    public static string OneLine(string? description)
    {
        var builder = new StringBuilder();
        foreach (var line in Lines(description))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(line.Trim());
        }

        return builder.ToString();
    }

    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                default:
                    // Control characters are not allowed in XML.
                    if (c < 0x20 && c != '\t')
                    {
                        builder.Append(' ');
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>A C# string literal for <paramref name="value"/> (ordinal, culture-free).</summary>
    public static string Literal(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
