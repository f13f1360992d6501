using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace QixGen.Generator.Emitting;

/// <summary>
/// The one place where spec text (untrusted) becomes C# text. <see cref="Lines"/>, <see cref="OneLine"/> and
/// <see cref="Escape"/> make XML doc text: Markdown and stray HTML reduced to text, XML characters escaped, and
/// every character that ends a line in C# (CR, LF, NEL U+0085, LS U+2028, PS U+2029) turned into a line break
/// of our own or a space, so spec text can never leave its comment. <see cref="Comment"/> does the same for
/// plain <c>//</c> comments and <see cref="Literal"/> makes string literals.
/// Every pattern here runs in linear time: descriptions may be megabytes of hostile text.
/// </summary>
internal static class DocText
{
    // Atomic groups: no backtracking over runs of white space ("<br" followed by a megabyte of blanks).
    private static readonly Regex s_lineBreakTags = new(@"<(?>\s*)(?:br|/tr|/p|p|/li|/div|/table|/ul|/ol)(?>\s*)/?(?>\s*)>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex s_listItem = new(@"<(?>\s*)li(?>\s*)>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex s_cellEnd = new(@"<(?>\s*)/(?>\s*)t[dh](?>\s*)>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex s_anyTag = new(@"</?[a-zA-Z](?>[^<>]*)>", RegexOptions.CultureInvariant);
    private static readonly Regex s_bold = new(@"\*\*(?>([^*]+))\*\*", RegexOptions.CultureInvariant);

    /// <summary>The description as lines of escaped text (no leading or trailing blank lines).</summary>
    public static List<string> Lines(string? description)
    {
        var lines = new List<string>();
        if (string.IsNullOrWhiteSpace(description))
        {
            return lines;
        }

        var text = NormalizeLineBreaks(description!);
        text = RemoveLinkTargets(text);
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
                    builder.Append(IsUnsafeInComment(c) ? ' ' : c);
                    break;
            }
        }

        return NeutralizeSurrogates(builder.ToString()).Replace("*/", "* /");
    }

    /// <summary>Spec or file text for a plain <c>//</c> comment: one line, no comment terminator.</summary>
    public static string Comment(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(IsUnsafeInComment(c) ? ' ' : c);
        }

        return NeutralizeSurrogates(builder.ToString()).Replace("*/", "* /");
    }

    /// <summary>
    /// Characters that end a C# line (CR, LF, NEL, LS, PS), other controls, and the non-characters XML forbids.
    /// Tab stays: it is white space everywhere.
    /// </summary>
    private static bool IsUnsafeInComment(char c) =>
        (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\uFFFE' || c == '\uFFFF';

    /// <summary>Lone surrogates are not text (invalid in XML and in UTF-8 output): replaced by U+FFFD.</summary>
    private static string NeutralizeSurrogates(string text)
    {
        char[]? chars = null; // on a string, not the builder: StringBuilder's indexer is not O(1)
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                chars ??= text.ToCharArray();
                chars[i] = '\uFFFD';
            }
        }

        return chars is null ? text : new string(chars);
    }

    /// <summary>Every C# line terminator (CRLF, CR, NEL, LS, PS) becomes '\n'.</summary>
    private static string NormalizeLineBreaks(string text) =>
        text.Replace("\r\n", "\n").Replace('\r', '\n').Replace('\u0085', '\n').Replace('\u2028', '\n').Replace('\u2029', '\n');

    /// <summary>
    /// Markdown links <c>[text](target)</c> become <c>text</c>. Same result as the pattern
    /// <c>\[([^\]]*)\]\([^)]*\)</c>, in linear time: the next ']' and ')' of every position are looked up,
    /// not searched again from each '[' (a megabyte of '[' took seconds with the pattern).
    /// </summary>
    private static string RemoveLinkTargets(string text)
    {
        if (text.IndexOf('[') < 0)
        {
            return text;
        }

        var nextBracket = NextIndexOf(text, ']');
        var nextParen = NextIndexOf(text, ')');
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                var close = nextBracket[i];
                if (close >= 0 && close + 1 < text.Length && text[close + 1] == '(')
                {
                    var end = nextParen[close + 1];
                    if (end >= 0)
                    {
                        builder.Append(text, i + 1, close - i - 1);
                        i = end + 1;
                        continue;
                    }
                }
            }

            builder.Append(text[i]);
            i++;
        }

        return builder.ToString();
    }

    /// <summary>For each position, the index of the first <paramref name="c"/> at or after it (-1: none).</summary>
    private static int[] NextIndexOf(string text, char c)
    {
        var next = new int[text.Length + 1];
        next[text.Length] = -1;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            next[i] = text[i] == c ? i : next[i + 1];
        }

        return next;
    }

    /// <summary>
    /// A C# string literal for <paramref name="value"/> (ordinal, culture-free): quotes, backslashes, every line
    /// terminator, controls and surrogates escaped, so the literal is one line and holds exactly the spec's text.
    /// </summary>
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
