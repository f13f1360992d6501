using System;
using QixGen.Serialization;

namespace QixGen.Delta;

/// <summary>
/// A held value with some of its values replaced, written by copying the held bytes around the new ones: the shape of
/// the engine's usual patch on a layout (a few <c>replace</c> operations on leaves: a grand total, a state count),
/// applied without opening any container into a list of its children.
/// </summary>
/// <remarks>
/// <see cref="TryPlan"/> takes a patch only when every operation is a <c>replace</c> whose target exists and no two
/// targets overlap (the same value, or one inside another): such operations commute, so splicing them all into the
/// held bytes at once gives the result applying them in order gives. Anything else (an <c>add</c>, a target that is
/// missing, a pointer with an escape or a name outside ASCII, a member name with an escape in the held value) is left
/// to <see cref="JsonPatch"/>, which also words the errors. The held value must be valid JSON (the store wrote it, or
/// the patch reader validated it); whitespace inside it is skipped as JSON allows.
/// </remarks>
internal sealed class JsonSplice : IJsonPatchedValue
{
    private readonly ReadOnlyMemory<byte> _source;
    private readonly Edit[] _edits;

    private JsonSplice(ReadOnlyMemory<byte> source, Edit[] edits)
    {
        _source = source;
        _edits = edits;
    }

    /// <summary>The splice that applies <paramref name="operations"/> to <paramref name="held"/>; null when the patch is not of that shape.</summary>
    public static JsonSplice? TryPlan(ReadOnlyMemory<byte> held, JsonPatchOperation[] operations)
    {
        if (operations.Length == 0)
        {
            return null;
        }

        var span = held.Span;
        var edits = new Edit[operations.Length];
        var trail = new Trail(stackalloc int[Trail.MaxDepth], stackalloc int[Trail.MaxDepth]);
        for (var i = 0; i < operations.Length; i++)
        {
            var operation = operations[i];
            if (operation.Kind != JsonPatchOperationKind.Replace || !TryLocate(span, operation.PathUtf8.Span, ref trail, out var start, out var length) ||
                trail.Walked > WalkBudget(span.Length))
            {
                // Not of the splice's shape, or walking to the targets costs more than the general path's one pass
                // (many targets out of document order in a large array).
                return null;
            }

            // Insertion sort by position: patches are short, and usually in document order already.
            var at = i;
            while (at > 0 && edits[at - 1].Start > start)
            {
                edits[at] = edits[at - 1];
                at--;
            }

            edits[at] = new Edit(start, length, operation.Value);
        }

        for (var i = 1; i < edits.Length; i++)
        {
            if (edits[i].Start < edits[i - 1].Start + edits[i - 1].Length)
            {
                return null;
            }
        }

        return new JsonSplice(held, edits);
    }

    /// <summary>How far the walks to a patch's targets may go in all, in bytes: a few passes over the held value.</summary>
    private static long WalkBudget(int heldLength) => 4L * heldLength + 4096;

    /// <inheritdoc />
    public int MeasureLength()
    {
        var length = _source.Length;
        foreach (var edit in _edits)
        {
            length += edit.Value.Length - edit.Length;
        }

        return length;
    }

    /// <inheritdoc />
    public int Write(Span<byte> destination)
    {
        var source = _source.Span;
        var read = 0;
        var written = 0;
        foreach (var edit in _edits)
        {
            var before = source.Slice(read, edit.Start - read);
            before.CopyTo(destination.Slice(written));
            written += before.Length;
            edit.Value.Span.CopyTo(destination.Slice(written));
            written += edit.Value.Length;
            read = edit.Start + edit.Length;
        }

        source.Slice(read).CopyTo(destination.Slice(written));
        return written + source.Length - read;
    }

    /// <summary>How many bytes longer the value gets (negative: shorter).</summary>
    public int LengthChange => MeasureLength() - _source.Length;

    /// <summary>
    /// Writes the result over the held bytes themselves: they lie at <paramref name="offset"/> in
    /// <paramref name="buffer"/>, of which <paramref name="used"/> bytes are in use; what follows the value moves with
    /// it. Returns the bytes in use after. Only for a buffer nobody else reads, with room for the value to grow (the
    /// caller checked both).
    /// </summary>
    public int RewriteInPlace(byte[] buffer, int offset, int used)
    {
        // The bytes kept after each edit (up to the next one, or to the end of what is used) move by the sum of the
        // length changes up to that edit. Moving those that go left first, front to back, and then those that go
        // right, back to front, never writes over bytes that have not moved yet: a run's destination lies between
        // the destinations of its neighbours, and the runs before it that go left, or after it that go right, have
        // moved already.
        var edits = _edits;
        var shift = 0;
        for (var k = 0; k < edits.Length; k++)
        {
            shift += edits[k].Value.Length - edits[k].Length;
            if (shift < 0)
            {
                MoveRunAfter(buffer, offset, used, k, shift);
            }
        }

        var total = shift;
        for (var k = edits.Length - 1; k >= 0; k--)
        {
            if (shift > 0)
            {
                MoveRunAfter(buffer, offset, used, k, shift);
            }

            shift -= edits[k].Value.Length - edits[k].Length;
        }

        foreach (var edit in edits)
        {
            edit.Value.Span.CopyTo(buffer.AsSpan(offset + edit.Start + shift));
            shift += edit.Value.Length - edit.Length;
        }

        return used + total;
    }

    private void MoveRunAfter(byte[] buffer, int offset, int used, int edit, int shift)
    {
        var start = offset + _edits[edit].Start + _edits[edit].Length;
        var end = edit + 1 < _edits.Length ? offset + _edits[edit + 1].Start : used;
        buffer.AsSpan(start, end - start).CopyTo(buffer.AsSpan(start + shift));
    }

    /// <summary>
    /// Where the value <paramref name="pointer"/> names lies in <paramref name="json"/>; false when it is not there,
    /// when the pointer is the root or has an escape or a character outside ASCII, or when a member name on the way
    /// has an escape (the caller then takes the general path). The walk starts from the deepest container this
    /// pointer shares with the one located before it (<paramref name="trail"/>): a patch's paths usually do.
    /// </summary>
    internal static bool TryLocate(ReadOnlySpan<byte> json, ReadOnlySpan<byte> pointer, ref Trail trail, out int start, out int length)
    {
        start = length = 0;
        if (pointer.Length < 2 || pointer[0] != (byte)'/')
        {
            return false;
        }

        foreach (var c in pointer)
        {
            if (c == (byte)'~' || c >= 0x80)
            {
                return false;
            }
        }

        var (depth, position, tokenStart, sibling) = trail.Resume(pointer);
        if (depth == 0)
        {
            position = JsonValueExtent.SkipWhitespace(json, 0);
        }

        while (tokenStart <= pointer.Length)
        {
            var tokenEnd = pointer.Slice(tokenStart).IndexOf((byte)'/');
            tokenEnd = tokenEnd < 0 ? pointer.Length : tokenStart + tokenEnd;
            var token = pointer.Slice(tokenStart, tokenEnd - tokenStart);
            var walkedFrom = position;
            var found = json[position] switch
            {
                (byte)'{' => FindMember(json, position, token),
                (byte)'[' => FindElement(json, position, token, sibling, out walkedFrom),
                _ => -1,
            };
            sibling = default; // only the first token after the shared containers can start from the previous target
            if (found < 0)
            {
                trail.Clear();
                return false;
            }

            trail.Walked += found - walkedFrom;

            trail.Record(ref depth, pointer, tokenEnd, found);
            position = found;
            tokenStart = tokenEnd + 1;
        }

        start = position;
        length = JsonValueExtent.LengthOfValid(json.Slice(position));
        return length > 0;
    }

    /// <summary>The first byte of the value of member <paramref name="name"/> of the object at <paramref name="position"/>; -1 if absent.</summary>
    private static int FindMember(ReadOnlySpan<byte> json, int position, ReadOnlySpan<byte> name)
    {
        position = JsonValueExtent.SkipWhitespace(json, position + 1);
        while (json[position] == (byte)'"')
        {
            var nameStart = position + 1;
            var nameLength = json.Slice(nameStart).IndexOfAny((byte)'"', (byte)'\\');
            if (nameLength < 0 || json[nameStart + nameLength] == (byte)'\\')
            {
                return -1;
            }

            position = JsonValueExtent.SkipWhitespace(json, nameStart + nameLength + 1);
            if (json[position] != (byte)':')
            {
                return -1;
            }

            position = JsonValueExtent.SkipWhitespace(json, position + 1);
            if (json.Slice(nameStart, nameLength).SequenceEqual(name))
            {
                return position;
            }

            position = NextChild(json, position);
            if (position < 0)
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>
    /// The first byte of element <paramref name="token"/> (an RFC 6901 index) of the array at <paramref name="position"/>;
    /// -1 if absent. The walk starts from <paramref name="sibling"/> (an element of this array located before) when it
    /// comes first: a patch of many rows of a page then walks the array once, not once per row.
    /// </summary>
    private static int FindElement(ReadOnlySpan<byte> json, int position, ReadOnlySpan<byte> token, Trail.Sibling sibling, out int walkedFrom)
    {
        walkedFrom = position;
        if (!TryParseArrayIndex(token, out var index))
        {
            return -1;
        }

        var first = 0;
        if (sibling.IsSet && sibling.Index <= index)
        {
            first = sibling.Index;
            position = walkedFrom = sibling.Position;
        }
        else
        {
            position = JsonValueExtent.SkipWhitespace(json, position + 1);
            if (json[position] == (byte)']')
            {
                return -1;
            }
        }

        for (var i = first; i < index; i++)
        {
            position = NextChild(json, position);
            if (position < 0)
            {
                return -1;
            }
        }

        return position;
    }

    /// <summary>From a child's first byte, past it and the comma after it to the next child's first byte (a member's name); -1 at the closing bracket.</summary>
    private static int NextChild(ReadOnlySpan<byte> json, int position)
    {
        var length = JsonValueExtent.LengthOfValid(json.Slice(position));
        if (length <= 0)
        {
            return -1;
        }

        position = JsonValueExtent.SkipWhitespace(json, position + length);
        return json[position] == (byte)',' ? JsonValueExtent.SkipWhitespace(json, position + 1) : -1;
    }

    /// <summary>An ASCII pointer token as an RFC 6901 array index (<see cref="JsonPointer.TryParseArrayIndex"/>).</summary>
    private static bool TryParseArrayIndex(ReadOnlySpan<byte> token, out int index)
    {
        index = 0;
        if (token.Length > 16)
        {
            // Longer than any index of an array that fits in memory (or not digits at all).
            return false;
        }

        Span<char> chars = stackalloc char[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            chars[i] = (char)token[i];
        }

        return JsonPointer.TryParseArrayIndex(chars, out index);
    }

    /// <summary>
    /// The containers the last located pointer went through: for the first <see cref="MaxDepth"/> of its tokens, where
    /// each ends in the pointer and where the value it names starts in the held bytes.
    /// </summary>
    internal ref struct Trail
    {
        public const int MaxDepth = 16;

        private readonly Span<int> _tokenEnds;
        private readonly Span<int> _positions;
        private ReadOnlySpan<byte> _pointer;
        private int _depth;

        /// <summary>How far the walks went in all, in bytes (from each container's start to the value found).</summary>
        public long Walked;

        public Trail(Span<int> tokenEnds, Span<int> positions)
        {
            _tokenEnds = tokenEnds;
            _positions = positions;
            _pointer = default;
            _depth = 0;
            Walked = 0;
        }

        /// <summary>
        /// The deepest recorded token <paramref name="pointer"/> also starts with and goes past: the depth after it, its
        /// value's position, where the next token starts, and the previous pointer's next token there (a sibling in the
        /// same container) when it is an array index.
        /// </summary>
        public (int Depth, int Position, int TokenStart, Sibling Sibling) Resume(ReadOnlySpan<byte> pointer)
        {
            for (var k = _depth - 1; k >= 0; k--)
            {
                var end = _tokenEnds[k];
                if (end < pointer.Length && pointer[end] == (byte)'/' && pointer.Slice(0, end).SequenceEqual(_pointer.Slice(0, end)))
                {
                    var sibling = SiblingAt(k + 1, end + 1);
                    _pointer = pointer;
                    _depth = k + 1;
                    return (k + 1, _positions[k], end + 1, sibling);
                }
            }

            var first = SiblingAt(0, 1);
            _pointer = pointer;
            _depth = 0;
            return (0, 0, 1, first);
        }

        /// <summary>The previous pointer's token <paramref name="depth"/> (starting at <paramref name="tokenStart"/>) as an array index, and where its value starts.</summary>
        private readonly Sibling SiblingAt(int depth, int tokenStart)
        {
            if (depth >= _depth || _pointer.IsEmpty || !TryParseArrayIndex(_pointer.Slice(tokenStart, _tokenEnds[depth] - tokenStart), out var index))
            {
                return default;
            }

            return new Sibling(index, _positions[depth]);
        }

        /// <summary>Token <paramref name="depth"/> of <paramref name="pointer"/>, ending at <paramref name="tokenEnd"/>, names the value at <paramref name="position"/>.</summary>
        public void Record(ref int depth, ReadOnlySpan<byte> pointer, int tokenEnd, int position)
        {
            if (depth < MaxDepth && pointer == _pointer && depth == _depth)
            {
                _tokenEnds[depth] = tokenEnd;
                _positions[depth] = position;
                _depth = depth + 1;
            }

            depth++;
        }

        public void Clear() => _depth = 0;

        /// <summary>An element located before in the same array: its index and first byte (default: none).</summary>
        public readonly struct Sibling
        {
            public Sibling(int index, int position)
            {
                Index = index;
                Position = position;
            }

            public int Index { get; }

            /// <summary>Never 0 for an element (it is inside its array's bracket).</summary>
            public int Position { get; }

            public bool IsSet => Position > 0;
        }
    }

    /// <summary>One replaced value: its range in the held bytes and the bytes that take its place.</summary>
    private readonly struct Edit
    {
        public Edit(int start, int length, ReadOnlyMemory<byte> value)
        {
            Start = start;
            Length = length;
            Value = value;
        }

        public int Start { get; }

        public int Length { get; }

        public ReadOnlyMemory<byte> Value { get; }
    }
}
