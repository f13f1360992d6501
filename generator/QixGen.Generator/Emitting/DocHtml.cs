using System.Text;

namespace QixGen.Generator.Emitting;

/// <summary>
/// The HTML pass of <see cref="DocMarkup"/>: the tags the spec uses become the Markdown the block pass reads
/// (<c>&lt;br&gt;</c> a line break, <c>&lt;p&gt;</c> and <c>&lt;div&gt;</c> a paragraph break, <c>&lt;li&gt;</c> and
/// table rows a list item, <c>&lt;i&gt;</c> and <c>&lt;b&gt;</c> emphasis, <c>&lt;code&gt;</c> a code span); other
/// tags are dropped; entities are decoded once. One pass, each tag's end found by table lookup.
/// </summary>
internal static class DocHtml
{
    public static string ToMarkdown(string text)
    {
        if (text.IndexOf('<') < 0)
        {
            return DecodeEntities(text);
        }

        var nextClose = DocText.NextIndexOf(text, '>');
        var nextOpen = DocText.NextIndexOf(text, '<');
        var builder = new StringBuilder(text.Length);
        var tableDepth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var end = c == '<' ? nextClose[i] : -1;
            if (end > i && (nextOpen[i + 1] < 0 || nextOpen[i + 1] > end) && TagName(text, i + 1, end) is { } tag)
            {
                builder.Append(Replacement(tag, text.Substring(i, end - i + 1), ref tableDepth));
                i = end;
            }
            else
            {
                // Inside a table, line breaks of the source are layout: a row is one list item.
                builder.Append(c == '\n' && tableDepth > 0 ? ' ' : c);
            }
        }

        return DecodeEntities(builder.ToString());
    }

    /// <summary>"/td" for <c>&lt;/td class=x&gt;</c>; null when the text between the brackets is not a tag.</summary>
    private static string? TagName(string text, int start, int end)
    {
        var i = start;
        var closing = i < end && text[i] == '/';
        if (closing)
        {
            i++;
        }

        var nameStart = i;
        while (i < end && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= '0' && text[i] <= '9' && i > nameStart)))
        {
            i++;
        }

        if (i == nameStart || (i < end && !(text[i] is ' ' or '\t' or '\n' or '/')))
        {
            return null;
        }

        var name = text.Substring(nameStart, i - nameStart).ToLowerInvariant();
        return closing ? "/" + name : name;
    }

    private static string Replacement(string tag, string whole, ref int tableDepth)
    {
        if (tableDepth > 0 && InCell(tag) is { } inCell)
        {
            return inCell;
        }

        switch (tag)
        {
            case "br":
                return "\n";
            case "div":
                return whole.IndexOf("note", System.StringComparison.OrdinalIgnoreCase) >= 0 ? "\n\n" + DocMarkup.NoteMarker : "\n\n";
            case "p" or "/p" or "/div":
                return "\n\n";
            case "table":
                tableDepth++;
                return "\n\n";
            case "/table":
                tableDepth = System.Math.Max(0, tableDepth - 1);
                return "\n\n";
            case "li" or "tr":
                return "\n" + DocMarkup.ItemMarker;
            case "ul" or "ol":
                return "\n";
            case "/ul" or "/ol":
                return "\n\n"; // ends the list: a following line is not a lazy continuation of its last item
            case "/li":
                return " ";
            case "/td":
                return DocMarkup.CellEnd.ToString();
            case "/th":
                return DocMarkup.HeaderCellEnd.ToString();
            default:
                return Inline(tag);
        }
    }

    /// <summary>Inside a table a row is one line: breaks become spaces, a list in a cell becomes a run of its items.</summary>
    private static string? InCell(string tag) => tag switch
    {
        "br" or "p" or "/p" or "div" or "/div" or "ul" or "/ul" or "ol" or "/ol" or "/li" => " ",
        "li" => DocMarkup.CellItem.ToString(),
        _ => null,
    };

    private static string Inline(string tag) => tag switch
    {
        "i" or "/i" or "em" or "/em" => "_",
        "b" or "/b" or "strong" or "/strong" => "**",
        "code" or "/code" or "tt" or "/tt" => "`",
        _ => string.Empty,
    };

    /// <summary>Entities decoded once, so "&amp;lt;" stays the text "&amp;lt;" and is escaped again later.</summary>
    private static string DecodeEntities(string text) =>
        text.IndexOf('&') < 0 ? text
        : text.Replace("&nbsp;", " ").Replace("&lt;", "<").Replace("&gt;", ">").Replace("&quot;", "\"").Replace("&#39;", "'").Replace("&amp;", "&");
}
