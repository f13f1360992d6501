using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace QixGen.Generator.Json;

/// <summary>Thrown for malformed JSON, with the line and column of the fault.</summary>
internal sealed class JsonTextException : Exception
{
    public JsonTextException(string message, TextPosition position) : base(message) => Position = position;

    public TextPosition Position { get; }
}

/// <summary>
/// A small strict JSON (RFC 8259) parser that keeps line and column of every value. Purpose-built so the
/// generator needs no runtime JSON package inside the compiler (host load conflicts) and can point
/// diagnostics at the exact place in a schema file.
/// </summary>
internal sealed class JsonTextParser
{
    private const int MaxDepth = 256;
    private readonly string _text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _depth;

    private JsonTextParser(string text) => _text = text;

    public static JsonNode Parse(string text)
    {
        var parser = new JsonTextParser(text);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            parser._pos = 1;
            parser._lineStart = 1;
        }

        parser.SkipWhitespace();
        var value = parser.ParseValue();
        parser.SkipWhitespace();
        if (parser._pos < text.Length)
        {
            throw parser.Error("Unexpected text after the end of the JSON value");
        }

        return value;
    }

    private TextPosition Here => new(_line, _pos - _lineStart + 1, _pos);

    private JsonTextException Error(string message) => new(message, Here);

    private JsonNode ParseValue()
    {
        if (_pos >= _text.Length)
        {
            throw Error("Unexpected end of file: a value was expected");
        }

        var c = _text[_pos];
        switch (c)
        {
            case '{': return ParseObject();
            case '[': return ParseArray();
            case '"':
                var position = Here;
                return new JsonStringNode(position, ParseString());
            case 't': return ParseLiteral("true", JsonLiteralKind.True);
            case 'f': return ParseLiteral("false", JsonLiteralKind.False);
            case 'n': return ParseLiteral("null", JsonLiteralKind.Null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ParseNumber();
                }

                throw Error($"Unexpected character '{Printable(c)}': a value was expected");
        }
    }

    private JsonNode ParseObject()
    {
        var node = new JsonObjectNode(Here);
        Enter();
        _pos++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            _depth--;
            return node;
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Error("A property name in double quotes was expected");
            }

            var namePosition = Here;
            var name = ParseString();
            SkipWhitespace();
            if (Peek() != ':')
            {
                throw Error("':' was expected after the property name");
            }

            _pos++;
            SkipWhitespace();
            node.Add(new JsonProperty(name, namePosition, ParseValue()));
            SkipWhitespace();
            var c = Peek();
            if (c == ',')
            {
                _pos++;
                continue;
            }

            if (c == '}')
            {
                _pos++;
                _depth--;
                return node;
            }

            throw Error(_pos >= _text.Length ? "Unexpected end of file inside an object" : "',' or '}' was expected");
        }
    }

    private JsonNode ParseArray()
    {
        var position = Here;
        var items = new List<JsonNode>();
        Enter();
        _pos++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            _depth--;
            return new JsonArrayNode(position, items);
        }

        while (true)
        {
            SkipWhitespace();
            items.Add(ParseValue());
            SkipWhitespace();
            var c = Peek();
            if (c == ',')
            {
                _pos++;
                continue;
            }

            if (c == ']')
            {
                _pos++;
                _depth--;
                return new JsonArrayNode(position, items);
            }

            throw Error(_pos >= _text.Length ? "Unexpected end of file inside an array" : "',' or ']' was expected");
        }
    }

    private string ParseString()
    {
        _pos++; // opening quote
        var start = _pos;
        StringBuilder? builder = null;
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("Unexpected end of file inside a string");
            }

            var c = _text[_pos];
            if (c == '"')
            {
                var result = builder is null ? _text.Substring(start, _pos - start) : builder.Append(_text, start, _pos - start).ToString();
                _pos++;
                return result;
            }

            if (c < 0x20)
            {
                throw Error("A control character must be escaped inside a string");
            }

            if (c != '\\')
            {
                _pos++;
                continue;
            }

            builder ??= new StringBuilder();
            builder.Append(_text, start, _pos - start);
            _pos++;
            if (_pos >= _text.Length)
            {
                throw Error("Unexpected end of file inside a string");
            }

            var e = _text[_pos++];
            switch (e)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length ||
                        !int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Error("Invalid \\u escape: four hex digits were expected");
                    }

                    builder.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    _pos -= 2; // point at the backslash
                    throw Error($"Invalid escape '\\{Printable(e)}'");
            }

            start = _pos;
        }
    }

    private JsonNode ParseNumber()
    {
        var position = Here;
        var start = _pos;
        if (Peek() == '-')
        {
            _pos++;
        }

        if (Peek() == '0')
        {
            _pos++;
        }
        else if (IsDigit(Peek()))
        {
            while (IsDigit(Peek())) _pos++;
        }
        else
        {
            throw Error("A digit was expected");
        }

        if (Peek() == '.')
        {
            _pos++;
            if (!IsDigit(Peek())) throw Error("A digit was expected after the decimal point");
            while (IsDigit(Peek())) _pos++;
        }

        if (Peek() is 'e' or 'E')
        {
            _pos++;
            if (Peek() is '+' or '-') _pos++;
            if (!IsDigit(Peek())) throw Error("A digit was expected in the exponent");
            while (IsDigit(Peek())) _pos++;
        }

        return new JsonNumberNode(position, _text.Substring(start, _pos - start));
    }

    private JsonNode ParseLiteral(string literal, JsonLiteralKind kind)
    {
        var position = Here;
        if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
        {
            throw Error($"Unexpected text: '{literal}' or another value was expected");
        }

        _pos += literal.Length;
        return new JsonLiteralNode(position, kind);
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Error($"Nesting deeper than {MaxDepth} levels");
        }

        // The limit above keeps recursion small; this guards a compiler thread with an unusually small stack.
        try
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        }
        catch (InsufficientExecutionStackException)
        {
            throw Error("Nesting too deep for the compiler's stack");
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static string Printable(char c) => c < 0x20 ? $"\\u{(int)c:X4}" : c.ToString();

    private void SkipWhitespace()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (c == ' ' || c == '\t' || c == '\r')
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }
}
