using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace QixGen.Cli.Explorer;

/// <summary>
/// The repl's line editing on an interactive console: printable keys, Backspace, Enter, and Tab completion of
/// method names (<c>Doc.GetFi</c>) and, after the method and a space, of parameter names (the word being typed,
/// e.g. inside <c>{"qExp</c>). One candidate is filled in; several are filled to their common prefix, and a second
/// Tab lists them. Pure: each key returns the text to echo, so it is tested without a console. Not thread-safe.
/// </summary>
internal sealed class LineEditor(Func<string, IEnumerable<string>> complete, string prompt)
{
    private readonly StringBuilder _line = new();
    private bool _tabbed;

    /// <summary>The line typed so far.</summary>
    public string Line => _line.ToString();

    /// <summary>Applies <paramref name="key"/>; returns what to write to the console and whether the line is complete.</summary>
    public (string Echo, bool Done) Key(ConsoleKeyInfo key)
    {
        var tabbedBefore = _tabbed;
        _tabbed = false;
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                return (Environment.NewLine, true);
            case ConsoleKey.Backspace:
                if (_line.Length == 0)
                {
                    return ("", false);
                }

                _line.Length--;
                return ("\b \b", false);
            case ConsoleKey.Tab:
                _tabbed = true;
                return (Complete(tabbedBefore), false);
            default:
                if (key.KeyChar == '\0' || char.IsControl(key.KeyChar))
                {
                    return ("", false);
                }

                _line.Append(key.KeyChar);
                return (key.KeyChar.ToString(), false);
        }
    }

    /// <summary>Starts a new line.</summary>
    public void Clear()
    {
        _line.Clear();
        _tabbed = false;
    }

    private string Complete(bool list)
    {
        var line = Line;
        var space = line.IndexOf(' ');
        // Before the first space the whole line is the word (a method name); after it, the trailing identifier.
        var wordStart = space < 0 ? 0 : TrailingWordStart(line);
        var word = line.Substring(wordStart);
        List<string> candidates;
        try
        {
            candidates = (space < 0 ? complete(line) : complete(line.Substring(0, space + 1)).Where(p => p.StartsWith(word, StringComparison.OrdinalIgnoreCase))).ToList();
        }
        catch (CliException)
        {
            return "";
        }

        if (candidates.Count == 0)
        {
            return "";
        }

        var common = candidates.Aggregate(CommonPrefix);
        if (common.Length > word.Length)
        {
            var added = common.Substring(word.Length);
            // Case as the schema spells it: retype the word when the user's case differs.
            var echo = new StringBuilder();
            echo.Append('\b', word.Length).Append(common);
            _line.Length = wordStart;
            _line.Append(common);
            if (candidates.Count == 1 && space < 0)
            {
                _line.Append(' ');
                echo.Append(' ');
            }

            return added.Length > 0 ? echo.ToString() : "";
        }

        return list && candidates.Count > 1
            ? Environment.NewLine + string.Join("  ", candidates) + Environment.NewLine + prompt + line
            : "";
    }

    private static int TrailingWordStart(string line)
    {
        var start = line.Length;
        while (start > 0 && (char.IsLetterOrDigit(line[start - 1]) || line[start - 1] == '_'))
        {
            start--;
        }

        return start;
    }

    private static string CommonPrefix(string a, string b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && char.ToUpperInvariant(a[length]) == char.ToUpperInvariant(b[length]))
        {
            length++;
        }

        return a.Substring(0, length);
    }
}
