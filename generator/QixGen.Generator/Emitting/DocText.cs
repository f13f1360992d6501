using System.Collections.Generic;
using System.Text;

namespace QixGen.Generator.Emitting;

/// <summary>
/// The one place where spec text (untrusted) becomes C# text. <see cref="Escape"/> makes XML doc text (what
/// <see cref="DocMarkup"/> converts goes through it): XML characters escaped, and every character that ends a line in
/// C# (CR, LF, NEL U+0085, LS U+2028, PS U+2029) turned into a space, so spec text can never leave its comment.
/// <see cref="Comment"/> does the same for plain <c>//</c> comments and <see cref="Literal"/> makes string literals.
/// Every pattern here runs in linear time: descriptions may be megabytes of hostile text.
/// </summary>
internal static class DocText
{
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

    /// <summary>
    /// Markdown links <c>[text](target)</c> become <c>text</c>. Same result as the pattern
    /// <c>\[([^\]]*)\]\([^)]*\)</c>, in linear time: the next ']' and ')' of every position are looked up,
    /// not searched again from each '[' (a megabyte of '[' took seconds with the pattern).
    /// </summary>
    internal static string RemoveLinkTargets(string text)
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
    internal static int[] NextIndexOf(string text, char c)
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
