using System;
using System.Text;
using System.Text.Json.Nodes;

namespace QixGen.Delta;

/// <summary>A parsed RFC 6901 JSON Pointer: its text and its unescaped reference tokens.</summary>
internal sealed class JsonPointer
{
    /// <summary>The pointer to the whole document.</summary>
    public static readonly JsonPointer Root = new JsonPointer("", Array.Empty<string>());

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
            error = $"\"{text}\" is not a JSON Pointer (it must be empty or start with '/')";
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
                error = $"\"{text}\" has a '~' not followed by '0' or '1'";
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
    public static bool TryParseArrayIndex(string token, out int index)
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
    public bool TryResolve(JsonNode? root, int count, out JsonNode? node, out string? error)
    {
        node = root;
        for (var i = 0; i < count; i++)
        {
            if (!TryGetChild(node, Tokens[i], out node, out error))
            {
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>Gets an existing child of an object or array by reference token.</summary>
    public static bool TryGetChild(JsonNode? container, string token, out JsonNode? child, out string? error)
    {
        child = null;
        error = null;
        switch (container)
        {
            case JsonObject obj:
                if (obj.TryGetPropertyValue(token, out child))
                {
                    return true;
                }

                error = $"the object has no member \"{token}\"";
                return false;
            case JsonArray array:
                if (!TryParseArrayIndex(token, out var index))
                {
                    error = token == "-"
                        ? "\"-\" names no existing array element"
                        : $"\"{token}\" is not an array index";
                    return false;
                }

                if (index >= array.Count)
                {
                    error = $"array index {token} is out of range (the array has {array.Count} elements)";
                    return false;
                }

                child = array[index];
                return true;
            default:
                error = $"cannot look up \"{token}\" in {JsonNodeText.Describe(container)}";
                return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;

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
