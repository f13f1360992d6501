using System;
using System.Text;
using System.Text.Json;

namespace QixGen.Delta;

/// <summary>A parsed RFC 6901 JSON Pointer: its text and its unescaped reference tokens.</summary>
internal sealed class JsonPointer
{
    /// <summary>The pointer to the whole document.</summary>
    public static readonly JsonPointer Root = new JsonPointer("", Array.Empty<string>());

    private byte[]?[]? _utf8Tokens;

    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    /// <summary>The pointer as written.</summary>
    public string Text { get; }

    /// <summary>The unescaped reference tokens; empty for the whole document.</summary>
    public string[] Tokens { get; }

    /// <summary>Whether the pointer refers to the whole document.</summary>
    public bool IsRoot => Tokens.Length == 0;

    /// <summary>The last reference token (the member name or array index in the parent).</summary>
    public string LastToken => Tokens[Tokens.Length - 1];

    /// <summary>
    /// Why the UTF-8 pointer <paramref name="utf8"/> is not a valid pointer, or null when it is (what
    /// <see cref="TryParse"/> would say, without parsing or decoding it: '/' and '~' are never part of a longer UTF-8
    /// sequence).
    /// </summary>
    public static string? Check(ReadOnlySpan<byte> utf8, JsonPointerDialect dialect)
    {
        if (utf8.Length == 0 || (dialect == JsonPointerDialect.QlikEngine && utf8.Length == 1 && utf8[0] == (byte)'/'))
        {
            return null;
        }

        if (utf8[0] != (byte)'/')
        {
            return NotAPointer(Encoding.UTF8.GetString(utf8.ToArray()));
        }

        for (var i = utf8.IndexOf((byte)'~'); i >= 0; i = NextTilde(utf8, i))
        {
            if (i + 1 >= utf8.Length || (utf8[i + 1] != (byte)'0' && utf8[i + 1] != (byte)'1'))
            {
                return BadEscape(Encoding.UTF8.GetString(utf8.ToArray()));
            }
        }

        return null;

        static int NextTilde(ReadOnlySpan<byte> utf8, int after)
        {
            var next = utf8.Slice(after + 1).IndexOf((byte)'~');
            return next < 0 ? -1 : after + 1 + next;
        }
    }

    /// <summary>Parses <paramref name="text"/>; returns null and an error when it is not a valid pointer.</summary>
    public static JsonPointer? TryParse(string text, JsonPointerDialect dialect, out string? error)
    {
        error = null;
        if (text.Length == 0 || (dialect == JsonPointerDialect.QlikEngine && text == "/"))
        {
            return text.Length == 0 ? Root : new JsonPointer(text, Array.Empty<string>());
        }

        if (text[0] != '/')
        {
            error = NotAPointer(text);
            return null;
        }

        var count = 0;
        foreach (var c in text)
        {
            if (c == '/')
            {
                count++;
            }
        }

        var tokens = new string[count];
        var start = 1;
        for (var i = 0; i < count; i++)
        {
            var end = text.IndexOf('/', start);
            if (end < 0)
            {
                end = text.Length;
            }

            var token = Unescape(text, start, end - start);
            if (token is null)
            {
                error = BadEscape(text);
                return null;
            }

            tokens[i] = token;
            start = end + 1;
        }

        return new JsonPointer(text, tokens);
    }

    /// <summary>
    /// Reads an RFC 6901 array index: "0" or digits without a leading zero. An index too large for
    /// <see cref="int"/> comes back as <see cref="int.MaxValue"/>, which is out of range of any array.
    /// </summary>
    public static bool TryParseArrayIndex(ReadOnlySpan<char> token, out int index)
    {
        index = 0;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0'))
        {
            return false;
        }

        long value = 0;
        foreach (var c in token)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            value = Math.Min(value * 10 + (c - '0'), int.MaxValue);
        }

        index = (int)value;
        return true;
    }

    /// <summary>Whether this pointer names an ancestor of <paramref name="other"/> (not the same location).</summary>
    public bool IsProperPrefixOf(JsonPointer other) =>
        Tokens.Length < other.Tokens.Length && SharesTokens(other, Tokens.Length);

    /// <summary>Whether both pointers name the same location.</summary>
    public bool IsSameLocation(JsonPointer other) =>
        Tokens.Length == other.Tokens.Length && SharesTokens(other, Tokens.Length);

    /// <summary>
    /// Follows the first <paramref name="count"/> tokens from <paramref name="root"/>. Returns false and an
    /// error when a member is missing, an index is invalid or out of range, or a primitive is in the way.
    /// </summary>
    public bool TryResolve(JsonPatchNode root, int count, out JsonPatchNode node, out string? error)
    {
        node = root;
        for (var i = 0; i < count; i++)
        {
            if (!TryFindChild(node, i, out var index, out error))
            {
                return false;
            }

            node = node.ChildAt(index);
        }

        error = null;
        return true;
    }

    /// <summary>
    /// Finds the existing child of an object or array named by token <paramref name="tokenIndex"/>: its position
    /// in <paramref name="container"/>. Returns false and an error when there is none.
    /// </summary>
    public bool TryFindChild(JsonPatchNode container, int tokenIndex, out int index, out string? error)
    {
        var token = Tokens[tokenIndex];
        error = null;
        switch (container.Kind)
        {
            case JsonValueKind.Object:
                index = container.FindMember(token, Utf8Token(tokenIndex));
                if (index >= 0)
                {
                    return true;
                }

                error = $"the object has no member \"{token}\"";
                return false;
            case JsonValueKind.Array:
                if (!TryParseArrayIndex(token.AsSpan(), out index))
                {
                    error = token == "-"
                        ? "\"-\" names no existing array element"
                        : $"\"{token}\" is not an array index";
                    return false;
                }

                if (!container.HasElement(index))
                {
                    error = $"array index {token} is out of range (the array has {container.ArrayCount()} elements)";
                    return false;
                }

                return true;
            default:
                index = -1;
                error = $"cannot look up \"{token}\" in {container.Describe()}";
                return false;
        }
    }

    /// <summary>Token <paramref name="tokenIndex"/> as UTF-8, for comparing with member names without decoding them.</summary>
    public byte[] Utf8Token(int tokenIndex)
    {
        var utf8 = _utf8Tokens ??= new byte[Tokens.Length][];
        return utf8[tokenIndex] ??= Encoding.UTF8.GetBytes(Tokens[tokenIndex]);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static string NotAPointer(string text) => $"\"{text}\" is not a JSON Pointer (it must be empty or start with '/')";

    private static string BadEscape(string text) => $"\"{text}\" has a '~' not followed by '0' or '1'";

    private bool SharesTokens(JsonPointer other, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!string.Equals(Tokens[i], other.Tokens[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Unescapes "~1" to '/' and "~0" to '~' (in that order, per RFC 6901 section 4); null for a bad escape.</summary>
    private static string? Unescape(string text, int start, int length)
    {
        var tilde = text.IndexOf('~', start, length);
        if (tilde < 0)
        {
            return text.Substring(start, length);
        }

        var builder = new StringBuilder(length);
        var end = start + length;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c != '~')
            {
                builder.Append(c);
                continue;
            }

            // Scanning left to right and decoding each "~x" once is what makes "~01" read as "~1", not "/".
            if (i + 1 >= end)
            {
                return null;
            }

            var next = text[++i];
            if (next == '0')
            {
                builder.Append('~');
            }
            else if (next == '1')
            {
                builder.Append('/');
            }
            else
            {
                return null;
            }
        }

        return builder.ToString();
    }
}
