using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using QixGen.Testing.Expressions;

namespace QixGen.Testing.Script;

/// <summary>
/// Parses the load-script subset: <c>[Label:] LOAD fields INLINE [...]</c>, <c>LOAD fields FROM [file] (txt, ...)</c>,
/// <c>LOAD fields AUTOGENERATE n</c>, <c>SET</c>/<c>LET</c>, and comments. Anything else is an error naming its line.
/// </summary>
internal static class ScriptParser
{
    private static readonly Regex s_label = new Regex(@"^(?<label>\[[^\]\r\n]+\]|[^:\r\n\[\]]+?)\s*:\s*(?=LOAD\b)", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
    private static readonly Regex s_variable = new Regex(@"^(?<kind>SET|LET)\s+(?<name>[^=]+?)\s*=\s*(?<value>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
    private static readonly Regex s_load = new Regex(@"^LOAD\s+(?<fields>.*?)\s*\b(?<source>INLINE|FROM|AUTOGENERATE)\b(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
    private static readonly Regex s_delimiter = new Regex(@"delimiter\s+is\s+(?<q>['""])(?<d>.*?)\k<q>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static List<ScriptStatement> Parse(string script, out ScriptError? error)
    {
        error = null;
        var statements = new List<ScriptStatement>();
        var text = StripComments(script);
        var tableNumber = 0;
        foreach (var (start, raw) in SplitStatements(text))
        {
            var statementText = raw.Trim();
            if (statementText.Length == 0)
            {
                continue;
            }

            var line = LineOf(text, start + raw.IndexOf(statementText, StringComparison.Ordinal));
            try
            {
                var statement = ParseStatement(statementText, ++tableNumber);
                statement.Line = line;
                statement.Text = statementText;
                statements.Add(statement);
            }
            catch (Exception e) when (e is ScriptSyntaxException || e is ExpressionException || e is FormatException)
            {
                error = new ScriptError(line, statementText, e.Message);
                return statements;
            }
        }

        return statements;
    }

    private static ScriptStatement ParseStatement(string text, int tableNumber)
    {
        var statement = new ScriptStatement();
        var label = s_label.Match(text);
        if (label.Success)
        {
            statement.Label = label.Groups["label"].Value.Trim().Trim('[', ']');
            text = text.Substring(label.Length);
        }

        var variable = s_variable.Match(text);
        if (variable.Success && statement.Label is null)
        {
            statement.IsVariable = true;
            statement.IsLet = variable.Groups["kind"].Value.Equals("LET", StringComparison.OrdinalIgnoreCase);
            statement.VariableName = variable.Groups["name"].Value.Trim();
            statement.VariableValue = variable.Groups["value"].Value.Trim();
            return statement;
        }

        var load = s_load.Match(text);
        if (!load.Success)
        {
            var first = text.Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries)[0];
            throw new ScriptSyntaxException($"Unknown statement: {first}");
        }

        foreach (var item in SplitTopLevel(load.Groups["fields"].Value, ','))
        {
            statement.Fields.Add(ParseField(item.Trim()));
        }

        var rest = load.Groups["rest"].Value.Trim();
        switch (load.Groups["source"].Value.ToUpperInvariant())
        {
            case "INLINE":
                statement.Source = LoadSource.Inline;
                var open = rest.IndexOf('[');
                var close = rest.LastIndexOf(']');
                if (open != 0 || close < 0)
                {
                    throw new ScriptSyntaxException("INLINE data must be enclosed in [ ].");
                }

                statement.InlineData = rest.Substring(1, close - 1);
                ReadFormat(statement, rest.Substring(close + 1));
                statement.Label ??= "INL" + tableNumber.ToString(CultureInfo.InvariantCulture);
                break;
            case "FROM":
                statement.Source = LoadSource.File;
                var (path, after) = ReadFileSpec(rest);
                statement.FilePath = path;
                ReadFormat(statement, after);
                statement.Label ??= System.IO.Path.GetFileNameWithoutExtension(path);
                break;
            default:
                statement.Source = LoadSource.AutoGenerate;
                if (!int.TryParse(rest, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 0)
                {
                    throw new ScriptSyntaxException($"AUTOGENERATE needs a row count, found '{rest}'.");
                }

                statement.GenerateCount = count;
                statement.Label ??= "AUTOGENERATE" + tableNumber.ToString(CultureInfo.InvariantCulture);
                break;
        }

        return statement;
    }

    private static LoadField ParseField(string item)
    {
        if (item == "*")
        {
            return new LoadField(null, "*");
        }

        var parts = SplitTopLevelKeyword(item, "as");
        var expression = ExpressionParser.Parse(parts.Expression);
        var name = parts.Alias ?? (expression is FieldRef field ? field.Name : parts.Expression.Trim());
        return new LoadField(expression, name.Trim().Trim('[', ']', '"'));
    }

    private static (string Path, string After) ReadFileSpec(string rest)
    {
        if (rest.StartsWith("[", StringComparison.Ordinal) || rest.StartsWith("'", StringComparison.Ordinal) || rest.StartsWith("\"", StringComparison.Ordinal))
        {
            var close = rest[0] == '[' ? ']' : rest[0];
            var end = rest.IndexOf(close, 1);
            if (end < 0)
            {
                throw new ScriptSyntaxException("Unterminated file name.");
            }

            return (rest.Substring(1, end - 1), rest.Substring(end + 1));
        }

        var space = rest.IndexOfAny(new[] { ' ', '(', '\t', '\r', '\n' });
        return space < 0 ? (rest, string.Empty) : (rest.Substring(0, space), rest.Substring(space));
    }

    private static void ReadFormat(ScriptStatement statement, string format)
    {
        format = format.Trim();
        if (format.Length == 0)
        {
            return;
        }

        if (!format.StartsWith("(", StringComparison.Ordinal) || !format.EndsWith(")", StringComparison.Ordinal))
        {
            throw new ScriptSyntaxException($"Unexpected '{format}'.");
        }

        var spec = format.Substring(1, format.Length - 2);
        if (spec.IndexOf("qvd", StringComparison.OrdinalIgnoreCase) >= 0 || spec.IndexOf("ooxml", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            throw new ScriptSyntaxException($"File format ({spec}) is not supported by the QixGen simulator (only txt).");
        }

        var delimiter = s_delimiter.Match(spec);
        if (delimiter.Success)
        {
            var d = delimiter.Groups["d"].Value;
            statement.Delimiter = d.Equals("\\t", StringComparison.Ordinal) || d.Equals("\t", StringComparison.Ordinal) ? '\t' : d.Length > 0 ? d[0] : ',';
        }

        if (spec.IndexOf("no labels", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            statement.EmbeddedLabels = false;
        }
    }

    /// <summary>Replaces // and /* */ comments with spaces (newlines kept) so line numbers stay right.</summary>
    private static string StripComments(string script)
    {
        var result = new StringBuilder(script.Length);
        var quote = '\0';
        for (var i = 0; i < script.Length; i++)
        {
            var ch = script[i];
            if (quote != '\0')
            {
                if (ch == quote)
                {
                    quote = '\0';
                }

                result.Append(ch);
                continue;
            }

            if (ch == '\'' || ch == '"' || ch == '[')
            {
                quote = ch == '[' ? ']' : ch;
                result.Append(ch);
            }
            else if (ch == '/' && i + 1 < script.Length && script[i + 1] == '/' && (i == 0 || script[i - 1] != ':'))
            {
                while (i < script.Length && script[i] != '\n')
                {
                    result.Append(' ');
                    i++;
                }

                if (i < script.Length)
                {
                    result.Append('\n');
                }
            }
            else if (ch == '/' && i + 1 < script.Length && script[i + 1] == '*')
            {
                var end = script.IndexOf("*/", i + 2, StringComparison.Ordinal);
                var stop = end < 0 ? script.Length : end + 2;
                for (; i < stop; i++)
                {
                    result.Append(script[i] == '\n' ? '\n' : ' ');
                }

                i--;
            }
            else
            {
                result.Append(ch);
            }
        }

        return result.ToString();
    }

    private static IEnumerable<(int Start, string Text)> SplitStatements(string text)
    {
        var start = 0;
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quote != '\0')
            {
                if (ch == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (ch == '\'' || ch == '"' || ch == '[')
            {
                quote = ch == '[' ? ']' : ch;
            }
            else if (ch == ';')
            {
                yield return (start, text.Substring(start, i - start));
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return (start, text.Substring(start));
        }
    }

    private static List<string> SplitTopLevel(string text, char separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var quote = '\0';
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quote != '\0')
            {
                if (ch == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (ch)
            {
                case '\'' or '"':
                    quote = ch;
                    break;
                case '[':
                    quote = ']';
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                default:
                    if (ch == separator && depth == 0)
                    {
                        parts.Add(text.Substring(start, i - start));
                        start = i + 1;
                    }

                    break;
            }
        }

        parts.Add(text.Substring(start));
        return parts;
    }

    private static (string Expression, string? Alias) SplitTopLevelKeyword(string item, string keyword)
    {
        var match = Regex.Match(item, @"^(?<expr>.*)\s+" + keyword + @"\s+(?<alias>\[[^\]]+\]|""[^""]+""|[^\s\[\]""]+)\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        return match.Success ? (match.Groups["expr"].Value, match.Groups["alias"].Value) : (item, null);
    }

    private static int LineOf(string text, int position)
    {
        var line = 1;
        for (var i = 0; i < position && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    private sealed class ScriptSyntaxException : Exception
    {
        public ScriptSyntaxException(string message)
            : base(message)
        {
        }
    }
}
