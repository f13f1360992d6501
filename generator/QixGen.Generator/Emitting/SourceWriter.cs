using System.Text;

namespace QixGen.Generator.Emitting;

/// <summary>Writes indented C# with '\n' line ends, so output is byte-identical on every OS.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>
    /// Writes a multi-line template (typically a C# raw string literal) at the current indentation, one
    /// <see cref="Line"/> per template line. Line ends in the template ("\r\n" or "\n") are normalised to '\n';
    /// a template's own relative indentation is kept, so templates read like the code they produce.
    /// </summary>
    public SourceWriter Template(string template)
    {
        var start = 0;
        while (start <= template.Length)
        {
            var end = template.IndexOf('\n', start);
            if (end < 0)
            {
                end = template.Length;
            }

            var length = end - start;
            if (length > 0 && template[start + length - 1] == '\r')
            {
                length--;
            }

            Line(template.Substring(start, length));
            start = end + 1;
        }

        return this;
    }

    public SourceWriter Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Open()
    {
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        return this;
    }

    public override string ToString() => _builder.ToString();
}
