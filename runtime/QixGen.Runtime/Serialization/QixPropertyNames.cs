using System;
using System.ComponentModel;
using System.Text;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// The wire names a generated data type knows, looked up by the UTF-8 bytes of a property name in one hash probe
/// instead of a comparison per known name. Immutable after construction, so one instance per type is shared by
/// all threads.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class QixPropertyNames
{
    private readonly byte[][] _names;
    private readonly int[] _slots; // index + 1 of the name in each slot; 0: empty (open addressing, linear probing)
    private readonly int _mask;

    // For each index (and, last, for the start of an object): the index of the name that followed it in the object
    // read last. Engines send an object's properties in a stable order, so the guess mostly holds and costs one
    // comparison instead of hashing and probing. Written only when the guess fails; a race only costs a guess.
    private readonly int[] _next;

    /// <summary>Creates the table.</summary>
    /// <param name="names">The wire names, in the order of the indexes <see cref="Find(ref Utf8JsonReader)"/> returns.</param>
    public QixPropertyNames(params string[] names)
    {
        _names = new byte[names.Length][];
        var size = 4;
        while (size < names.Length * 2)
        {
            size *= 2;
        }

        _slots = new int[size];
        _next = new int[names.Length + 1];
        _mask = size - 1;
        for (var i = 0; i < names.Length; i++)
        {
            _names[i] = Encoding.UTF8.GetBytes(names[i]);
            if (FindUnescaped(_names[i]) >= 0)
            {
                continue; // a repeated name: the first keeps it
            }

            var slot = Hash(_names[i]) & _mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = i + 1;
        }
    }

    /// <summary>The value of <c>previous</c> before an object's first name, for <see cref="Find(ref Utf8JsonReader, ref int)"/>.</summary>
    public int Start => _names.Length;

    /// <summary>
    /// The index of the property name the reader stands on, or -1; first tries the name that followed
    /// <paramref name="previous"/> last time.
    /// </summary>
    /// <param name="reader">The reader, on a property name.</param>
    /// <param name="previous">The index of the object's previous known name, or <see cref="Start"/>; updated when found.</param>
    /// <returns>The index given at construction, or -1.</returns>
    public int Find(ref Utf8JsonReader reader, ref int previous)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            var name = reader.ValueSpan;
            var guess = _next[previous];
            if ((uint)guess < (uint)_names.Length && name.SequenceEqual(_names[guess]))
            {
                previous = guess;
                return guess;
            }
        }

        var index = Find(ref reader);
        if (index >= 0)
        {
            _next[previous] = index;
            previous = index;
        }

        return index;
    }

    /// <summary>The index of the property name the reader stands on, or -1 when it is none of the known names.</summary>
    /// <param name="reader">The reader, on a property name.</param>
    /// <returns>The index given at construction, or -1.</returns>
    public int Find(ref Utf8JsonReader reader)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            return FindUnescaped(reader.ValueSpan);
        }

        // Escaped or split names are rare: compare as the reader does, unescaping.
        for (var i = 0; i < _names.Length; i++)
        {
            if (reader.ValueTextEquals(_names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private int FindUnescaped(ReadOnlySpan<byte> name)
    {
        for (var slot = Hash(name) & _mask; ; slot = (slot + 1) & _mask)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            if (name.SequenceEqual(_names[entry - 1]))
            {
                return entry - 1;
            }
        }
    }

    // Length and three bytes: wire names differ early (after the q) or late; collisions only cost a probe.
    private static int Hash(ReadOnlySpan<byte> name) =>
        name.Length == 0 ? 0 : unchecked((name.Length * 31) ^ (name[name.Length - 1] * 131) ^ (name[name.Length / 2] * 17) ^ (name[name.Length > 1 ? 1 : 0] * 7919));
}
