using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace QixGen.Testing.Expressions;

/// <summary>
/// Parses expressions: numbers, 'strings', fields (bare, [bracketed] or "quoted"), + - * / &amp;, comparisons,
/// parentheses and function calls (with DISTINCT in aggregations). A leading "=" is allowed.
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private int _pos;

    private ExpressionParser(string text) => _text = text;

    public static Expr Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("=", StringComparison.Ordinal))
        {
            trimmed = trimmed.Substring(1);
        }

        var parser = new ExpressionParser(trimmed);
        var expr = parser.ParseComparison();
        parser.SkipSpace();
        if (parser._pos < parser._text.Length)
        {
            throw new ExpressionException($"Unexpected '{parser._text.Substring(parser._pos)}' in expression '{text}'.");
        }

        return expr;
    }

    private Expr ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            SkipSpace();
            var op = Peek("<>") ? "<>" : Peek("<=") ? "<=" : Peek(">=") ? ">=" : Peek("=") ? "=" : Peek("<") ? "<" : Peek(">") ? ">" : null;
            if (op is null)
            {
                return left;
            }

            _pos += op.Length;
            left = new Binary(op, left, ParseAdditive());
        }
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            SkipSpace();
            if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-' || _text[_pos] == '&'))
            {
                var op = _text[_pos++].ToString();
                left = new Binary(op, left, ParseMultiplicative());
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            SkipSpace();
            if (_pos < _text.Length && (_text[_pos] == '*' || _text[_pos] == '/'))
            {
                var op = _text[_pos++].ToString();
                left = new Binary(op, left, ParseUnary());
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseUnary()
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == '-')
        {
            _pos++;
            return new Negate(ParseUnary());
        }

        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw new ExpressionException($"Unexpected end of expression '{_text}'.");
        }

        var ch = _text[_pos];
        if (ch == '(')
        {
            _pos++;
            var inner = ParseComparison();
            Expect(')');
            return inner;
        }

        if (ch == '\'')
        {
            return new StringLiteral(ReadQuoted('\'', '\''));
        }

        if (ch == '"')
        {
            return new FieldRef(ReadQuoted('"', '"'));
        }

        if (ch == '[')
        {
            return new FieldRef(ReadQuoted('[', ']'));
        }

        if (char.IsDigit(ch) || (ch == '.' && _pos + 1 < _text.Length && char.IsDigit(_text[_pos + 1])))
        {
            var start = _pos;
            while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.'))
            {
                _pos++;
            }

            if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
            {
                _pos++;
                if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-'))
                {
                    _pos++;
                }

                while (_pos < _text.Length && char.IsDigit(_text[_pos]))
                {
                    _pos++;
                }
            }

            return new NumberLiteral(double.Parse(_text.Substring(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (IsNameChar(ch))
        {
            var name = ReadName();
            SkipSpace();
            if (_pos < _text.Length && _text[_pos] == '(')
            {
                _pos++;
                return ParseCallRest(name.ToUpperInvariant());
            }

            return new FieldRef(name);
        }

        throw new ExpressionException($"Unexpected '{ch}' in expression '{_text}'.");
    }

    private Expr ParseCallRest(string name)
    {
        var args = new List<Expr>();
        var distinct = false;
        SkipSpace();
        var save = _pos;
        if (_pos < _text.Length && IsNameChar(_text[_pos]))
        {
            var word = ReadName();
            SkipSpace();
            if (string.Equals(word, "DISTINCT", StringComparison.OrdinalIgnoreCase) && _pos < _text.Length && _text[_pos] != ')' && _text[_pos] != ',')
            {
                distinct = true;
            }
            else
            {
                _pos = save;
            }
        }

        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == ')')
        {
            _pos++;
            return new Call(name, distinct, args);
        }

        while (true)
        {
            args.Add(ParseComparison());
            SkipSpace();
            if (_pos < _text.Length && _text[_pos] == ',')
            {
                _pos++;
                continue;
            }

            Expect(')');
            return new Call(name, distinct, args);
        }
    }

    private string ReadName()
    {
        var start = _pos;
        while (_pos < _text.Length && IsNameChar(_text[_pos]))
        {
            _pos++;
        }

        return _text.Substring(start, _pos - start);
    }

    private string ReadQuoted(char open, char close)
    {
        _pos++; // the opening quote
        var text = new StringBuilder();
        while (_pos < _text.Length)
        {
            var ch = _text[_pos++];
            if (ch == close)
            {
                if (open == close && _pos < _text.Length && _text[_pos] == close)
                {
                    text.Append(close);
                    _pos++;
                    continue;
                }

                return text.ToString();
            }

            text.Append(ch);
        }

        throw new ExpressionException($"Missing '{close}' in expression '{_text}'.");
    }

    private void Expect(char ch)
    {
        SkipSpace();
        if (_pos >= _text.Length || _text[_pos] != ch)
        {
            throw new ExpressionException($"Expected '{ch}' in expression '{_text}'.");
        }

        _pos++;
    }

    private bool Peek(string token) => string.CompareOrdinal(_text, _pos, token, 0, token.Length) == 0;

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private static bool IsNameChar(char ch) => char.IsLetterOrDigit(ch) || ch == '_' || ch == '$' || ch == '#' || ch == '%' || ch == '.' || ch == '@';
}
