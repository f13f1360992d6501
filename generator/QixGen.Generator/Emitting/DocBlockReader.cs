using System.Collections.Generic;
using System.Text;

namespace QixGen.Generator.Emitting;

/// <summary>
/// The block and inline passes of <see cref="DocMarkup"/>: Markdown lines (after the HTML pass) to blocks of XML doc
/// text. One instance per description.
/// </summary>
internal sealed class DocBlockReader
{
    private readonly DocLinks _links;
    private readonly List<DocBlock> _blocks = new();
    private DocBlock? _open; // the paragraph or list later lines continue; null after a blank line
    private DocBlock? _code; // the fenced code block being read
    private bool _pendingNote; // a note began (<div class=note>): the next paragraph is one
    private StringBuilder? _item; // the open list's last item with its continuation lines, until the item ends

    public DocBlockReader(DocLinks links) => _links = links;

    public List<DocBlock> Read(string[] lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (_item is not null && !IsContinuation(line))
            {
                _open!.Lines[_open.Lines.Count - 1] = _item.ToString();
                _item = null;
            }

            ReadLine(line);
        }

        if (_item is not null)
        {
            _open!.Lines[_open.Lines.Count - 1] = _item.ToString();
        }

        return _blocks;
    }

    /// <summary>Whether a line after a list item continues it: plain text, not a block of its own.</summary>
    private static bool IsContinuation(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length > 0 && trimmed[0] != DocMarkup.NoteMarker && !trimmed.StartsWith("```", System.StringComparison.Ordinal)
            && HeadingText(trimmed) is null && ItemText(trimmed) is null;
    }

    private void ReadLine(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith("```", System.StringComparison.Ordinal))
        {
            _code = _code is null ? Start(DocBlockKind.Code) : null;
            _open = null;
        }
        else if (_code is not null)
        {
            _code.Lines.Add(DocText.Escape(line));
        }
        else if (trimmed.Length == 0)
        {
            _open = null;
        }
        else if (HeadingText(trimmed) is { } heading)
        {
            Start(DocBlockKind.Heading).Lines.Add(Inline(heading));
            _open = null;
        }
        else if (trimmed[0] == DocMarkup.NoteMarker)
        {
            // A note's text starts here or on the next line that has text.
            _pendingNote = true;
            _open = null;
            ReadLine(trimmed.Substring(1));
        }
        else if (ItemText(trimmed) is { } item)
        {
            AddItem(item);
        }
        else if (Inline(trimmed).Trim() is { Length: > 0 } text)
        {
            if (_open is { Kind: DocBlockKind.List } list)
            {
                // Markdown's lazy continuation: a line right after an item belongs to it (built up, not concatenated
                // line by line: a million such lines stay linear).
                _item ??= new StringBuilder(list.Lines[list.Lines.Count - 1]);
                _item.Append(' ').Append(text);
                return;
            }

            if (_open is not { Kind: DocBlockKind.Paragraph or DocBlockKind.Note })
            {
                _open = Start(_pendingNote ? DocBlockKind.Note : DocBlockKind.Paragraph);
                _pendingNote = false;
            }

            _open.Lines.Add(text);
        }
    }

    private void AddItem(string item)
    {
        _pendingNote = false;
        var text = item.IndexOf(DocMarkup.CellEnd) >= 0 || item.IndexOf(DocMarkup.HeaderCellEnd) >= 0 ? Row(item) : Inline(item.Trim());
        if (text.Length == 0)
        {
            return; // a table's header row, or an empty item
        }

        if (_open is not { Kind: DocBlockKind.List })
        {
            _open = Start(DocBlockKind.List);
        }

        _open.Lines.Add(text);
    }

    /// <summary>A table row as one item: "first: second (third, ...)"; a header row (only &lt;th&gt; cells) as nothing.</summary>
    private string Row(string item)
    {
        if (item.IndexOf(DocMarkup.CellEnd) < 0)
        {
            return string.Empty;
        }

        var cells = new List<string>();
        foreach (var cell in item.Split(DocMarkup.CellEnd, DocMarkup.HeaderCellEnd))
        {
            if (Cell(cell) is { Length: > 0 } text)
            {
                cells.Add(text);
            }
        }

        return cells.Count switch
        {
            0 => string.Empty,
            1 => cells[0],
            2 => cells[0] + ": " + cells[1],
            _ => cells[0] + ": " + cells[1] + " (" + string.Join(", ", cells.GetRange(2, cells.Count - 2)) + ")",
        };
    }

    /// <summary>A cell's text; a list in it as "One of: L for Locked, S for Selected".</summary>
    private string Cell(string cell)
    {
        var parts = new List<string>();
        foreach (var part in cell.Split(DocMarkup.CellItem))
        {
            if (Inline(part.Trim()).Trim() is { Length: > 0 } text)
            {
                parts.Add(text);
            }
        }

        return parts.Count == 0 ? string.Empty : parts[0] + (parts.Count > 1 ? " " + string.Join(", ", parts.GetRange(1, parts.Count - 1)) : string.Empty);
    }

    private DocBlock Start(DocBlockKind kind)
    {
        var block = new DocBlock(kind, new List<string>());
        _blocks.Add(block);
        return block;
    }

    /// <summary>"Example" for "### Example:"; null when the line is not a heading.</summary>
    private static string? HeadingText(string line)
    {
        var level = 0;
        while (level < line.Length && line[level] == '#')
        {
            level++;
        }

        if (level == 0 || level > 6 || level == line.Length || line[level] != ' ')
        {
            return null;
        }

        var text = line.Substring(level).Trim().TrimEnd(':').TrimEnd('#').Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>The text of a list item ("* a", "- a", or an HTML item); null when the line is not one.</summary>
    private static string? ItemText(string line)
    {
        if (line[0] == DocMarkup.ItemMarker)
        {
            return line.Substring(1);
        }

        return line.Length > 2 && line[0] is '*' or '-' && line[1] == ' ' ? line.Substring(2) : null;
    }

    /// <summary>One line of text to XML: code spans, emphasis, bold and wire names converted, the rest escaped.</summary>
    internal string Inline(string line) => new InlineWriter(line, _links).Write();

    /// <summary>Walks one line once; the closing delimiter of every opening one is a table lookup.</summary>
    private sealed class InlineWriter
    {
        private readonly string _line;
        private readonly DocLinks _links;
        private readonly int[] _nextTick;
        private readonly int[] _nextStar;
        private readonly int[] _nextUnderscore;
        private readonly StringBuilder _xml = new();
        private readonly StringBuilder _text = new();

        public InlineWriter(string line, DocLinks links)
        {
            _line = line;
            _links = links;
            _nextTick = DocText.NextIndexOf(line, '`');
            _nextStar = DocText.NextIndexOf(line, '*');
            _nextUnderscore = DocText.NextIndexOf(line, '_');
        }

        public string Write()
        {
            var i = 0;
            while (i < _line.Length)
            {
                i = Code(i) ?? Bold(i) ?? Emphasis(i) ?? Word(i) ?? Literal(i);
            }

            Flush();
            return _xml.ToString().Replace("*/", "* /");
        }

        private int? Code(int i)
        {
            var end = _line[i] == '`' ? _nextTick[i + 1] : -1;
            if (end < 0)
            {
                return null;
            }

            Markup("<c>" + DocText.Escape(_line.Substring(i + 1, end - i - 1)) + "</c>");
            return end + 1;
        }

        private int? Bold(int i)
        {
            var end = _line[i] == '*' && i + 1 < _line.Length && _line[i + 1] == '*' ? _nextStar[i + 2] : -1;
            if (end <= i + 2 || end + 1 >= _line.Length || _line[end + 1] != '*')
            {
                return null;
            }

            var inner = _line.Substring(i + 2, end - i - 2);
            Markup(_links.Find(inner.Trim()) ?? (IsName(inner) ? "<c>" + DocText.Escape(inner) + "</c>" : "<b>" + DocText.Escape(inner) + "</b>"));
            return end + 2;
        }

        /// <summary><c>_text_</c> or <c>*text*</c> at word bounds: a link, a code name, or italics.</summary>
        private int? Emphasis(int i)
        {
            var c = _line[i];
            if (c is not ('_' or '*') || (i > 0 && char.IsLetterOrDigit(_line[i - 1])) || i + 1 >= _line.Length || _line[i + 1] == ' ')
            {
                return null;
            }

            var end = (c == '_' ? _nextUnderscore : _nextStar)[i + 1];
            if (end <= i + 1 || (end + 1 < _line.Length && char.IsLetterOrDigit(_line[end + 1])) || _line[end - 1] == ' ')
            {
                return null;
            }

            var inner = _line.Substring(i + 1, end - i - 1);
            Markup(_links.Find(inner) ?? (inner is "true" or "false" or "null" ? "<see langword=\"" + inner + "\"/>"
                : IsName(inner) ? "<c>" + DocText.Escape(inner) + "</c>" : "<i>" + DocText.Escape(inner) + "</i>"));
            return end + 1;
        }

        /// <summary>A bare word that is a wire name in scope (<c>qFmt</c>) becomes its link.</summary>
        private int? Word(int i)
        {
            if (!IsWordChar(_line[i]) || (i > 0 && IsWordChar(_line[i - 1])))
            {
                return null;
            }

            var end = i;
            while (end < _line.Length && IsWordChar(_line[end]))
            {
                end++;
            }

            var word = _line.Substring(i, end - i);
            if (word.Length > 1 && word[0] == 'q' && char.IsUpper(word[1]) && _links.Find(word) is { } link)
            {
                Markup(link);
            }
            else
            {
                _text.Append(word);
            }

            return end;
        }

        private int Literal(int i)
        {
            _text.Append(_line[i]);
            return i + 1;
        }

        private void Markup(string xml)
        {
            Flush();
            _xml.Append(xml);
        }

        private void Flush()
        {
            _xml.Append(DocText.Escape(_text.ToString()));
            _text.Clear();
        }

        private static bool IsWordChar(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

        /// <summary>One word of letters and digits with a capital inside or a q prefix: a name, not prose.</summary>
        private static bool IsName(string text)
        {
            var inner = false;
            for (var k = 0; k < text.Length; k++)
            {
                if (!IsWordChar(text[k]))
                {
                    return false;
                }

                inner |= k > 0 && char.IsUpper(text[k]);
            }

            return inner;
        }
    }
}
