using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.Json;
using QixGen.Serialization;

namespace QixGen.Delta;

/// <summary>
/// A JSON value while a patch is applied to it: its UTF-8 bytes as they are until an operation needs to look inside,
/// then a container of the children read so far followed by the source bytes not read yet. Reading stops at the
/// child a path needs, so a patch deep in a large value reads only what lies before its target, once, and the rest
/// is copied as it is when the result is written. Source bytes are never changed (they may be shared).
/// </summary>
/// <remarks>
/// The source must be valid JSON (a value the store wrote, or one the patch reader validated): the scanning between
/// children relies on it. A child whose end is not known yet (a container a path went into) is <see cref="_pending"/>
/// until its parent needs to read past it.
/// </remarks>
internal sealed class JsonPatchNode : IJsonPatchedValue
{
    /// <summary>From the value's first byte; up to its end once <see cref="_length"/> is known, else to the end of the enclosing source.</summary>
    private ReadOnlyMemory<byte> _source;

    /// <summary>The value's length in <see cref="_source"/>; -1 until known.</summary>
    private int _length;

    /// <summary>The children read so far, changed by operations; null until the container is opened.</summary>
    private List<Slot>? _slots;

    /// <summary>Where in <see cref="_source"/> the next unread child (or the closing bracket) starts, after its comma.</summary>
    private int _scan;

    /// <summary>Whether a child was read from the source (the next one then follows a comma).</summary>
    private bool _readAny;

    /// <summary>Whether every child of the source was read.</summary>
    private bool _complete;

    /// <summary>The last child read whose end is not known yet, and where it starts in <see cref="_source"/>.</summary>
    private JsonPatchNode? _pending;
    private int _pendingStart;

    private JsonPatchNode(ReadOnlyMemory<byte> source, int length)
    {
        _source = source;
        _length = length;
    }

    /// <summary>A value whose bytes are exactly <paramref name="utf8Json"/> (valid JSON, no surrounding whitespace).</summary>
    public static JsonPatchNode FromValue(ReadOnlyMemory<byte> utf8Json) => new JsonPatchNode(utf8Json, utf8Json.Length);

    /// <summary>The value's kind, from its first byte.</summary>
    public JsonValueKind Kind
    {
        get
        {
            switch (_source.Span[0])
            {
                case (byte)'{': return JsonValueKind.Object;
                case (byte)'[': return JsonValueKind.Array;
                case (byte)'"': return JsonValueKind.String;
                case (byte)'t': return JsonValueKind.True;
                case (byte)'f': return JsonValueKind.False;
                case (byte)'n': return JsonValueKind.Null;
                default: return JsonValueKind.Number;
            }
        }
    }

    /// <summary>Whether nothing was opened: the value is still its source bytes.</summary>
    public bool IsUnchanged => _slots is null;

    /// <summary>"an object", "an array", "a string", ... for error messages.</summary>
    public string Describe() => DescribeKind(Kind);

    /// <summary>"an object", "an array", "a string", ... for error messages.</summary>
    public static string DescribeKind(JsonValueKind kind)
    {
        switch (kind)
        {
            case JsonValueKind.Object: return "an object";
            case JsonValueKind.Array: return "an array";
            case JsonValueKind.String: return "a string";
            case JsonValueKind.Number: return "a number";
            case JsonValueKind.True: return "true";
            case JsonValueKind.False: return "false";
            default: return "null";
        }
    }

    /// <summary>The number of elements of an array (reads all of them).</summary>
    public int ArrayCount()
    {
        ReadAll();
        return _slots!.Count;
    }

    /// <summary>The index of the member named <paramref name="name"/>, reading members until it is found; -1 if absent.</summary>
    public int FindMember(string name, byte[] utf8Name)
    {
        var slots = Open();
        for (var i = 0; i < slots.Count; i++)
        {
            if (NameEquals(slots[i].Name.Span, name, utf8Name))
            {
                return i;
            }
        }

        while (ReadNext())
        {
            if (NameEquals(slots[slots.Count - 1].Name.Span, name, utf8Name))
            {
                return slots.Count - 1;
            }
        }

        return -1;
    }

    /// <summary>Whether element <paramref name="index"/> exists, reading elements up to it.</summary>
    public bool HasElement(int index)
    {
        var slots = Open();
        while (slots.Count <= index && ReadNext())
        {
        }

        return index < slots.Count;
    }

    /// <summary>The child at <paramref name="index"/> (read already), as a node that may be changed in place.</summary>
    public JsonPatchNode ChildAt(int index)
    {
        var slots = _slots!;
        var slot = slots[index];
        if (slot.Node is null)
        {
            slot.Node = new JsonPatchNode(_source.Slice(slot.Start), slot.Length);
            slots[index] = slot;
        }

        return slot.Node;
    }

    /// <summary>Replaces the value of the child at <paramref name="index"/>.</summary>
    public void SetChild(int index, JsonPatchNode value)
    {
        var slot = _slots![index];
        slot.Node = value;
        _slots[index] = slot;
    }

    /// <summary>Removes the child at <paramref name="index"/> and returns its value.</summary>
    public JsonPatchNode RemoveChild(int index)
    {
        var value = ChildAt(index);
        _slots!.RemoveAt(index);
        return value;
    }

    /// <summary>Inserts an array element at <paramref name="index"/> (at most the number of elements read; reading continues after it).</summary>
    public void InsertElement(int index, JsonPatchNode value) => Open().Insert(index, new Slot { Node = value });

    /// <summary>Appends an array element (reads all elements first).</summary>
    public void AppendElement(JsonPatchNode value)
    {
        ReadAll();
        _slots!.Add(new Slot { Node = value });
    }

    /// <summary>Adds a member at the end (the caller checked it is absent, so every member was read).</summary>
    public void AppendMember(string name, JsonPatchNode value)
    {
        var encoded = JsonEncodedText.Encode(name).EncodedUtf8Bytes;
        var token = new byte[encoded.Length + 2];
        token[0] = (byte)'"';
        encoded.CopyTo(token.AsSpan(1));
        token[token.Length - 1] = (byte)'"';
        _slots!.Add(new Slot { Name = token, Node = value });
    }

    /// <summary>A node with the same JSON that shares nothing changeable with this one.</summary>
    public JsonPatchNode DeepCopy() =>
        IsUnchanged ? new JsonPatchNode(_source.Slice(0, Length()), _length) : FromValue(ToArray());

    /// <summary>The value's UTF-8 JSON in a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[MeasureLength()];
        Write(bytes);
        return bytes;
    }

    /// <summary>How many bytes <see cref="Write"/> writes.</summary>
    public int MeasureLength()
    {
        var output = new JsonOutput(default, measuring: true);
        EmitWhole(ref output);
        return output.Written;
    }

    /// <summary>Writes the value as UTF-8 JSON at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        var output = new JsonOutput(destination, measuring: false);
        EmitWhole(ref output);
        return output.Written;
    }

    /// <summary>
    /// Writes the value. When its length is known (a held value), the source left unread behind the deepest point
    /// a path went to (the rest of that container and of every container around it) is copied in one piece instead
    /// of being read to find where each of those containers ends.
    /// </summary>
    private void EmitWhole(ref JsonOutput output)
    {
        if (_slots is not null && _length >= 0 && MemoryMarshal.TryGetArray(_source, out var whole))
        {
            var rest = UnreadRestStart(whole.Array!);
            if (rest >= 0)
            {
                EmitBeforeUnreadRest(ref output);
                output.Append(whole.Array.AsSpan(rest, whole.Offset + _length - rest));
                return;
            }
        }

        Emit(ref output);
    }

    /// <summary>
    /// Where in <paramref name="array"/> the source this node has not read starts, such that the bytes written
    /// before it (<see cref="EmitBeforeUnreadRest"/>) followed by everything from there are this value and the
    /// unread rest of its ancestors; -1 when that does not hold (the node's source is elsewhere, or its leading
    /// comma would have to be dropped).
    /// </summary>
    private int UnreadRestStart(byte[] array)
    {
        if (!MemoryMarshal.TryGetArray(_source, out var segment) || segment.Array != array)
        {
            return -1;
        }

        if (_slots is null)
        {
            return segment.Offset;
        }

        if (LastSlotIsPending())
        {
            var rest = _pending!.UnreadRestStart(array);
            if (rest >= 0)
            {
                return rest;
            }
        }

        ResolvePending();

        // The rest starts with the comma before the next unread child only if a child was read: it must match
        // whether children are written before it.
        var span = _source.Span;
        var restIsBracket = span[JsonValueExtent.SkipWhitespace(span, _scan)] is (byte)'}' or (byte)']';
        return restIsBracket || _readAny == (_slots.Count > 0) ? segment.Offset + _scan : -1;
    }

    /// <summary>Writes what precedes <see cref="UnreadRestStart"/>: the opening bracket and the children read (no tail, no closing bracket).</summary>
    private void EmitBeforeUnreadRest(ref JsonOutput output)
    {
        if (_slots is null)
        {
            return;
        }

        output.Append(_source.Span[0]);
        var throughPending = LastSlotIsPending();
        for (var i = 0; i < _slots.Count; i++)
        {
            if (i == _slots.Count - 1 && throughPending)
            {
                EmitSeparatorAndName(ref output, i);
                _pending!.EmitBeforeUnreadRest(ref output);
                return;
            }

            EmitSlot(ref output, i);
        }
    }

    private bool LastSlotIsPending() =>
        _pending is not null && _slots!.Count > 0 && ReferenceEquals(_slots[_slots.Count - 1].Node, _pending);

    /// <summary>Writes the value, reading to the end of every container that was opened.</summary>
    private void Emit(ref JsonOutput output)
    {
        if (_slots is null)
        {
            output.Append(_source.Span.Slice(0, Length()));
            return;
        }

        var open = _source.Span[0];
        output.Append(open);
        for (var i = 0; i < _slots.Count; i++)
        {
            EmitSlot(ref output, i);
        }

        var tail = Tail();
        if (tail.Length > 0)
        {
            if (_slots.Count > 0)
            {
                output.Append((byte)',');
            }

            output.Append(tail);
        }

        output.Append((byte)(open == (byte)'{' ? '}' : ']'));
    }

    private void EmitSlot(ref JsonOutput output, int index)
    {
        EmitSeparatorAndName(ref output, index);
        var slot = _slots![index];
        if (slot.Node is { } node)
        {
            node.Emit(ref output);
        }
        else
        {
            output.Append(_source.Span.Slice(slot.Start, slot.Length));
        }
    }

    private void EmitSeparatorAndName(ref JsonOutput output, int index)
    {
        if (index > 0)
        {
            output.Append((byte)',');
        }

        var name = _slots![index].Name;
        if (!name.IsEmpty)
        {
            output.Append(name.Span);
            output.Append((byte)':');
        }
    }

    /// <summary>The value's length in its source, found by reading to its end when not known yet.</summary>
    private int Length()
    {
        if (_length >= 0)
        {
            return _length;
        }

        if (_slots is null)
        {
            _length = ValueLength(_source.Span);
        }
        else
        {
            // Opened: go on from the last child read, without keeping the rest.
            ResolvePending();
            var span = _source.Span;
            var position = _scan;
            var readAny = _readAny;
            while (true)
            {
                position = SkipToChild(span, position, readAny, out var end);
                if (end)
                {
                    break;
                }

                readAny = true;
                if (span[0] == (byte)'{')
                {
                    position = SkipName(span, position);
                }

                position += ValueLength(span.Slice(position));
            }

            _length = position + 1;
        }

        _source = _source.Slice(0, _length);
        return _length;
    }

    /// <summary>The unread children as written in the source, without the comma before them and the closing bracket.</summary>
    private ReadOnlySpan<byte> Tail()
    {
        if (_complete)
        {
            return default;
        }

        ResolvePending();
        var end = Length() - 1;
        var span = _source.Span;
        var position = _scan;
        while (position < end && JsonValueExtent.IsWhitespace(span[position]))
        {
            position++;
        }

        if (position < end && _readAny && span[position] == (byte)',')
        {
            position++;
        }

        return span.Slice(position, end - position);
    }

    private List<Slot> Open()
    {
        if (_slots is null)
        {
            var kind = Kind;
            if (kind != JsonValueKind.Object && kind != JsonValueKind.Array)
            {
                throw new InvalidOperationException("only an object or an array has children");
            }

            _slots = new List<Slot>();
            _scan = 1;
        }

        return _slots;
    }

    private void ReadAll()
    {
        Open();
        while (ReadNext())
        {
        }
    }

    /// <summary>Reads the next child from the source into the slots; false at the end. A container child is left pending.</summary>
    private bool ReadNext()
    {
        if (_complete)
        {
            return false;
        }

        ResolvePending();
        var span = _source.Span;
        var position = SkipToChild(span, _scan, _readAny, out var end);
        if (end)
        {
            _complete = true;
            if (_length < 0)
            {
                _length = position + 1;
                _source = _source.Slice(0, _length);
            }

            return false;
        }

        _readAny = true;
        var slot = default(Slot);
        if (span[0] == (byte)'{')
        {
            var nameEnd = SkipName(span, position);
            var colon = span.Slice(position, nameEnd - position).LastIndexOf((byte)':');
            slot.Name = TrimEnd(_source.Slice(position, colon));
            position = nameEnd;
        }

        var first = span[position];
        if (first == (byte)'{' || first == (byte)'[')
        {
            // A path is probably going into it: its end is found only if something after it is needed.
            slot.Node = new JsonPatchNode(_source.Slice(position), -1);
            slot.Start = position;
            slot.Length = -1;
            _pending = slot.Node;
            _pendingStart = position;
            _scan = -1;
        }
        else
        {
            slot.Start = position;
            slot.Length = ValueLength(span.Slice(position));
            _scan = position + slot.Length;
        }

        _slots!.Add(slot);
        return true;
    }

    private void ResolvePending()
    {
        if (_pending is { } pending)
        {
            _scan = _pendingStart + pending.Length();
            _pending = null;
        }
    }

    /// <summary>
    /// From just after a child (or the opening bracket), past the comma and whitespace to the next child's first byte;
    /// <paramref name="end"/> when the closing bracket comes instead (the position is then the bracket's).
    /// </summary>
    private static int SkipToChild(ReadOnlySpan<byte> span, int position, bool afterChild, out bool end)
    {
        position = JsonValueExtent.SkipWhitespace(span, position);
        var c = span[position];
        if (c == (byte)'}' || c == (byte)']')
        {
            end = true;
            return position;
        }

        end = false;
        if (afterChild)
        {
            if (c != (byte)',')
            {
                throw new InvalidOperationException($"expected ',' at byte {position} of a held value");
            }

            position = JsonValueExtent.SkipWhitespace(span, position + 1);
        }

        return position;
    }

    /// <summary>From a member name's opening quote to the first byte of its value.</summary>
    private static int SkipName(ReadOnlySpan<byte> span, int position)
    {
        var i = position + 1;
        while (true)
        {
            var next = span.Slice(i).IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0)
            {
                throw new InvalidOperationException($"unterminated member name at byte {position} of a held value");
            }

            i += next;
            if (span[i] == (byte)'\\')
            {
                i += 2;
                continue;
            }

            break;
        }

        i = JsonValueExtent.SkipWhitespace(span, i + 1);
        if (span[i] != (byte)':')
        {
            throw new InvalidOperationException($"expected ':' at byte {i} of a held value");
        }

        return JsonValueExtent.SkipWhitespace(span, i + 1);
    }

    /// <summary>The length of the (valid) value at the start of <paramref name="span"/>, measured without reading its tokens.</summary>
    private static int ValueLength(ReadOnlySpan<byte> span)
    {
        var length = JsonValueExtent.LengthOfValid(span);
        return length > 0 ? length : throw new JsonException("A held value is not closed.");
    }

    private static ReadOnlyMemory<byte> TrimEnd(ReadOnlyMemory<byte> token)
    {
        var span = token.Span;
        var length = span.Length;
        while (length > 0 && JsonValueExtent.IsWhitespace(span[length - 1]))
        {
            length--;
        }

        return token.Slice(0, length);
    }

    /// <summary>Compares a member name token (quoted, escaped as written) with an unescaped name.</summary>
    private static bool NameEquals(ReadOnlySpan<byte> token, string name, byte[] utf8Name)
    {
        var inner = token.Slice(1, token.Length - 2);
        if (inner.IndexOf((byte)'\\') < 0)
        {
            return inner.SequenceEqual(utf8Name);
        }

        var reader = new Utf8JsonReader(token);
        reader.Read();
        return reader.ValueTextEquals(name);
    }

    /// <summary>Where JSON is written, or only counted (the same code measures a result and then writes it).</summary>
    private ref struct JsonOutput
    {
        private readonly Span<byte> _destination;
        private readonly bool _measuring;

        public JsonOutput(Span<byte> destination, bool measuring)
        {
            _destination = destination;
            _measuring = measuring;
            Written = 0;
        }

        public int Written { get; private set; }

        public void Append(byte value)
        {
            if (!_measuring)
            {
                _destination[Written] = value;
            }

            Written++;
        }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (!_measuring)
            {
                bytes.CopyTo(_destination.Slice(Written));
            }

            Written += bytes.Length;
        }
    }

    /// <summary>One child: its name token (objects), and either its source range or a node that replaced or opened it.</summary>
    private struct Slot
    {
        public ReadOnlyMemory<byte> Name;
        public JsonPatchNode? Node;
        public int Start;
        public int Length;
    }
}
