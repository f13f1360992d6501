using System;
using System.Text;

namespace QixGen.Traffic;

/// <summary>
/// A decoded view of a text (JSON string escapes or URL percent-encoding undone) that remembers, for each of its
/// characters, the span of the original text it was decoded from. Used to find a secret in whatever spelling it
/// was written and mask exactly that spelling.
/// </summary>
internal sealed class DecodedText
{
    private readonly int[]? _start; // null: identical to the original
    private readonly int[]? _end;

    private DecodedText(string text, int[]? start, int[]? end)
    {
        Text = text;
        _start = start;
        _end = end;
    }

    public string Text { get; }

    public static DecodedText Raw(string text) => new DecodedText(text, null, null);

    /// <summary>The original span [Start, End) that <paramref name="length"/> view characters at <paramref name="index"/> came from.</summary>
    public (int Start, int End) OriginalSpan(int index, int length) =>
        _start is null ? (index, index + length) : (_start[index], _end![index + length - 1]);

    /// <summary>JSON string escapes undone: <c>\" \\ \/ \b \f \n \r \t \uXXXX</c>; anything else is kept as written.</summary>
    public static DecodedText JsonUnescaped(DecodedText source)
    {
        var text = source.Text;
        var builder = new Builder(source, text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                var escaped = text[i + 1] switch
                {
                    '"' => '"',
                    '\\' => '\\',
                    '/' => '/',
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => (char?)null,
                };
                if (escaped is { } simple)
                {
                    builder.Append(simple, i, i + 2);
                    i += 2;
                    continue;
                }

                if (text[i + 1] == 'u' && i + 6 <= text.Length && TryHex(text, i + 2, 4, out var code))
                {
                    // A surrogate comes out as its own char, so a pair written as two escapes rejoins naturally.
                    builder.Append((char)code, i, i + 6);
                    i += 6;
                    continue;
                }
            }

            builder.Append(text[i], i, i + 1);
            i++;
        }

        return builder.Build();
    }

    /// <summary>URL percent-encoding undone (<c>%XX</c> runs read as UTF-8, <c>+</c> as a space).</summary>
    public static DecodedText PercentDecoded(DecodedText source)
    {
        var text = source.Text;
        var builder = new Builder(source, text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '+')
            {
                builder.Append(' ', i, i + 1);
                i++;
                continue;
            }

            if (text[i] != '%' || !TryPercentByte(text, i, out var lead))
            {
                builder.Append(text[i], i, i + 1);
                i++;
                continue;
            }

            // One UTF-8 sequence, each byte written as %XX.
            var length = lead < 0x80 ? 1 : lead >= 0xF0 && lead < 0xF8 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
            var bytes = new byte[Math.Max(length, 1)];
            bytes[0] = (byte)lead;
            var complete = length > 0;
            for (var k = 1; k < length && complete; k++)
            {
                complete = TryPercentByte(text, i + (3 * k), out var next) && next >= 0x80 && next < 0xC0;
                if (complete)
                {
                    bytes[k] = (byte)next;
                }
            }

            if (!complete)
            {
                // Not a UTF-8 sequence: keep the %XX as written.
                builder.Append(text[i], i, i + 1);
                i++;
                continue;
            }

            var decoded = Encoding.UTF8.GetString(bytes);
            foreach (var c in decoded)
            {
                builder.Append(c, i, i + (3 * length));
            }

            i += 3 * length;
        }

        return builder.Build();
    }

    private static bool TryPercentByte(string text, int at, out int value)
    {
        value = 0;
        return at + 3 <= text.Length && text[at] == '%' && TryHex(text, at + 1, 2, out value);
    }

    private static bool TryHex(string text, int at, int digits, out int value)
    {
        value = 0;
        for (var k = 0; k < digits; k++)
        {
            var c = text[at + k];
            var digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0)
            {
                return false;
            }

            value = (value * 16) + digit;
        }

        return true;
    }

    /// <summary>Builds a view whose spans are composed with the source view's, so they always point into the original.</summary>
    private sealed class Builder
    {
        private readonly DecodedText _source;
        private readonly StringBuilder _text;
        private int[] _start;
        private int[] _end;
        private int _count;

        public Builder(DecodedText source, int capacity)
        {
            _source = source;
            _text = new StringBuilder(capacity);
            _start = new int[Math.Max(capacity, 1)];
            _end = new int[Math.Max(capacity, 1)];
        }

        /// <summary>Adds <paramref name="c"/>, decoded from source characters [from, to).</summary>
        public void Append(char c, int from, int to)
        {
            if (_count == _start.Length)
            {
                Array.Resize(ref _start, _count * 2);
                Array.Resize(ref _end, _count * 2);
            }

            var span = _source.OriginalSpan(from, to - from);
            _text.Append(c);
            _start[_count] = span.Start;
            _end[_count] = span.End;
            _count++;
        }

        public DecodedText Build() => new DecodedText(_text.ToString(), _start, _end);
    }
}
