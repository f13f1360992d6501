using System;
#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.Intrinsics;
#endif

namespace QixGen.Serialization;

/// <summary>
/// Finds where a JSON value ends without reading its tokens: the envelope of a frame needs only the extent of its
/// <c>result</c> (a 2 KB layout, a 6 MB page), which the caller's decode reads token by token anyway, and a patch
/// applied to a held value needs only the extent of the members it passes.
/// </summary>
/// <remarks>
/// Only brackets outside strings count; a string ends at a quote not escaped by a backslash. Nothing else is checked
/// here: a malformed value inside balanced brackets is found by the reader that decodes it (the call fails with a
/// protocol error), and unbalanced or crossed brackets either end the value elsewhere (the envelope then fails to
/// parse, or meets a member it already has, which <c>FrameParser</c> also rejects: the same error) or never
/// (<see cref="FindEnd"/> returns -1). On .NET 8 and later 16 bytes are classified per step
/// with vector compares and the string state carried as a prefix XOR of the quote bits; a block with a backslash is
/// walked byte by byte.
/// </remarks>
internal static class JsonValueExtent
{
    /// <summary>
    /// The index just past the object or array that starts at <paramref name="start"/> (which must be <c>{</c> or
    /// <c>[</c>), or -1 when it does not end within <paramref name="json"/>.
    /// </summary>
    public static int FindEnd(ReadOnlySpan<byte> json, int start)
    {
        var depth = 0;
        var inString = false;
        var i = start;
#if NET8_0_OR_GREATER
        if (Vector128.IsHardwareAccelerated)
        {
            while (i <= json.Length - Vector128<byte>.Count)
            {
                var block = Vector128.Create(json.Slice(i, Vector128<byte>.Count));
                if (Vector128.EqualsAny(block, Vector128.Create((byte)'\\')))
                {
                    // Escapes: this block byte by byte (an escape at its last byte reaches into the next one).
                    var end = Walk(json, ref i, i + Vector128<byte>.Count, ref depth, ref inString);
                    if (end >= 0)
                    {
                        return end;
                    }

                    continue;
                }

                var quotes = Vector128.Equals(block, Vector128.Create((byte)'"')).ExtractMostSignificantBits();
                // Bit k set: byte k is inside a string (its opening quote included, its closing quote not).
                var inside = PrefixXor(quotes) ^ (inString ? 0xFFFFu : 0u);
                inString = (inside & 0x8000u) != 0;
                var opens = (Vector128.Equals(block, Vector128.Create((byte)'{')) | Vector128.Equals(block, Vector128.Create((byte)'['))).ExtractMostSignificantBits() & ~inside;
                var closes = (Vector128.Equals(block, Vector128.Create((byte)'}')) | Vector128.Equals(block, Vector128.Create((byte)']'))).ExtractMostSignificantBits() & ~inside;
                var closeCount = BitOperations.PopCount(closes);
                if (closeCount < depth)
                {
                    // Cannot reach depth 0 in this block.
                    depth += BitOperations.PopCount(opens) - closeCount;
                }
                else
                {
                    for (var brackets = opens | closes; brackets != 0; brackets &= brackets - 1)
                    {
                        var bit = BitOperations.TrailingZeroCount(brackets);
                        depth += (opens & (1u << bit)) != 0 ? 1 : -1;
                        if (depth == 0)
                        {
                            return i + bit + 1;
                        }
                    }
                }

                i += Vector128<byte>.Count;
            }
        }
#endif
        return Walk(json, ref i, json.Length, ref depth, ref inString);
    }

    /// <summary>
    /// The length of the value that starts at <paramref name="json"/>[0], which must be valid JSON (a value already
    /// read by a validating reader): an object or array by <see cref="FindEnd"/>, a string to its closing quote, a
    /// number or literal to the next delimiter.
    /// </summary>
    public static int LengthOfValid(ReadOnlySpan<byte> json)
    {
        switch (json[0])
        {
            case (byte)'{':
            case (byte)'[':
                return FindEnd(json, 0);
            case (byte)'"':
                for (var i = 1; i < json.Length; i++)
                {
                    var skip = json.Slice(i).IndexOfAny((byte)'"', (byte)'\\');
                    if (skip < 0)
                    {
                        break;
                    }

                    i += skip;
                    if (json[i] == (byte)'"')
                    {
                        return i + 1;
                    }

                    i++; // the escaped byte
                }

                return -1;
            default:
                var end = 1;
                while (end < json.Length && json[end] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
                {
                    end++;
                }

                return end;
        }
    }

    /// <summary>The first index from <paramref name="position"/> that is not JSON whitespace (the span must hold one).</summary>
    public static int SkipWhitespace(ReadOnlySpan<byte> json, int position)
    {
        while (IsWhitespace(json[position]))
        {
            position++;
        }

        return position;
    }

    /// <summary>Space, tab, line feed or carriage return (RFC 8259 section 2).</summary>
    public static bool IsWhitespace(byte b) => b == (byte)' ' || b == (byte)'\n' || b == (byte)'\r' || b == (byte)'\t';

    /// <summary>Byte by byte from <paramref name="i"/> to <paramref name="limit"/> (an escape may carry one past it).</summary>
    private static int Walk(ReadOnlySpan<byte> json, ref int i, int limit, ref int depth, ref bool inString)
    {
        for (; i < limit; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == (byte)'\\')
                {
                    i++;
                }
                else if (c == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (c == (byte)'"')
            {
                inString = true;
            }
            else if (c == (byte)'{' || c == (byte)'[')
            {
                depth++;
            }
            else if ((c == (byte)'}' || c == (byte)']') && --depth == 0)
            {
                return i + 1;
            }
        }

        return -1;
    }

#if NET8_0_OR_GREATER
    /// <summary>Bit k of the result is the XOR of bits 0..k of <paramref name="bits"/> (16 bits).</summary>
    private static uint PrefixXor(uint bits)
    {
        bits ^= bits << 1;
        bits ^= bits << 2;
        bits ^= bits << 4;
        bits ^= bits << 8;
        return bits & 0xFFFFu;
    }
#endif
}
