using System.Collections.Generic;
using System.Text;

namespace QixGen.Generator.Emitting;

/// <summary>What a block of a converted description is.</summary>
internal enum DocBlockKind
{
    Paragraph,
    Heading,
    Note,
    List,
    Code,
}

/// <summary>One block of a converted description; <see cref="Lines"/> are XML doc text, ready after <c>/// </c>.</summary>
internal sealed record DocBlock(DocBlockKind Kind, List<string> Lines);

/// <summary>
/// Turns a spec description (Markdown and HTML, untrusted) into XML doc blocks: headings, notes, paragraphs, bullet
/// lists (HTML tables become one item per row), code; code spans become <c>&lt;c&gt;</c>; emphasised or bare wire
/// names become a <see cref="DocLinks"/> link where one exists; links keep their text only. Every piece of spec text
/// goes through <see cref="DocText.Escape"/>, and the only markup is the converter's own, so no description can leave
/// its comment or name a cref. Linear time: every search for a closing delimiter is a table lookup.
/// </summary>
internal static class DocMarkup
{
    // Markers the HTML pass leaves for the block pass. Spec text cannot contain them: controls are blanked first.
    internal const char ItemMarker = '\u0001';
    internal const char NoteMarker = '\u0002';
    internal const char CellEnd = '\u0003';
    internal const char HeaderCellEnd = '\u0004';
    internal const char CellItem = '\u0005';

    /// <summary>The blocks of <paramref name="description"/>; empty for none.</summary>
    public static List<DocBlock> Parse(string? description, DocLinks links)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return new List<DocBlock>();
        }

        var text = DocHtml.ToMarkdown(DocText.RemoveLinkTargets(BlankControls(description!)));
        return new DocBlockReader(links).Read(text.Split('\n'));
    }

    /// <summary>
    /// Doc lines for the blocks: the first paragraph plain when <paramref name="firstPlain"/> (a summary's or a
    /// parameter's first sentence), every other block in its own element.
    /// </summary>
    public static List<string> Render(IReadOnlyList<DocBlock> blocks, bool firstPlain)
    {
        var lines = new List<string>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            switch (block.Kind)
            {
                case DocBlockKind.Paragraph when i == 0 && firstPlain:
                    lines.AddRange(block.Lines);
                    break;
                case DocBlockKind.Paragraph:
                    Wrap(lines, "<para>", block.Lines, "</para>");
                    break;
                case DocBlockKind.Heading:
                    lines.Add("<para><b>" + string.Join(" ", block.Lines) + "</b></para>");
                    break;
                case DocBlockKind.Note:
                    Wrap(lines, "<para><b>Note:</b> ", block.Lines, "</para>");
                    break;
                case DocBlockKind.List:
                    lines.Add("<list type=\"bullet\">");
                    foreach (var item in block.Lines)
                    {
                        lines.Add("<item><description>" + item + "</description></item>");
                    }

                    lines.Add("</list>");
                    break;
                default:
                    Wrap(lines, "<code>", block.Lines, "</code>");
                    break;
            }
        }

        return lines;
    }

    /// <summary>The blocks' text on one line (lists joined with "; "), for short elements.</summary>
    public static string OneLine(IReadOnlyList<DocBlock> blocks)
    {
        var builder = new StringBuilder();
        foreach (var block in blocks)
        {
            foreach (var line in block.Lines)
            {
                var text = line.Trim();
                if (text.Length == 0)
                {
                    continue;
                }

                if (builder.Length > 0)
                {
                    builder.Append(block.Kind == DocBlockKind.List ? "; " : " ");
                }

                builder.Append(block.Kind == DocBlockKind.Code ? "<c>" + text + "</c>" : text);
            }
        }

        return builder.ToString();
    }

    private static void Wrap(List<string> lines, string open, List<string> body, string close)
    {
        if (body.Count == 1)
        {
            lines.Add(open + body[0] + close);
            return;
        }

        lines.Add(open.TrimEnd());
        lines.AddRange(body);
        lines.Add(close);
    }

    /// <summary>Line terminators become '\n', other controls (the markers among them) a space.</summary>
    private static string BlankControls(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                continue;
            }

            builder.Append(c is '\r' or '\u0085' or '\u2028' or '\u2029' ? '\n' : c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
        }

        return builder.ToString();
    }
}
