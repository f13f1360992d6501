using System;

namespace QixGen.Serialization;

/// <summary>
/// What a data object holds beyond its fields, allocated on first use: its additional and raw properties and the
/// values of its sparse properties (QixSparse), packed by slot. A bit per slot says which are set; the set ones sit in
/// slot order in three fields while they are at most three (most objects that have extras have one to three), else
/// the first two in fields and the rest in an array held by the third. Not thread-safe, like the object.
/// </summary>
internal sealed class QixExtras
{
    /// <summary>The slot of the additional properties (sparse properties take 0 to 61).</summary>
    public const int AdditionalSlot = 62;

    /// <summary>The slot of the raw properties.</summary>
    public const int RawSlot = 63;

    private const int Inline = 3;

    private ulong _set;
    private object? _value0;
    private object? _value1;
    private object? _value2; // the third value, or with more than three the array of the third and beyond

    public object? Get(int slot) => (_set & (1UL << slot)) == 0 ? null : At(Rank(slot), PopCount(_set));

    public void Set(int slot, object? value)
    {
        var bit = 1UL << slot;
        var index = Rank(slot);
        var count = PopCount(_set);
        if ((_set & bit) != 0)
        {
            if (value is not null)
            {
                At(index, count) = value;
                return;
            }

            for (var i = index; i < count - 1; i++)
            {
                At(i, count) = At(i + 1, count);
            }

            At(count - 1, count) = null;
            Reshape(count, count - 1);
            _set &= ~bit;
        }
        else if (value is not null)
        {
            Reshape(count, count + 1);
            for (var i = count; i > index; i--)
            {
                At(i, count + 1) = At(i - 1, count + 1);
            }

            At(index, count + 1) = value;
            _set |= bit;
        }
    }

    /// <summary>Moves the third value into or out of the array when the count crosses three; grows the array.</summary>
    private void Reshape(int from, int to)
    {
        if (to > Inline)
        {
            var more = from > Inline ? (object?[])_value2! : null;
            if (more is null || more.Length < to - Inline + 1)
            {
                var grown = new object?[Math.Max(4, (more?.Length ?? 0) * 2)];
                if (more is null)
                {
                    grown[0] = _value2;
                }
                else
                {
                    more.CopyTo(grown, 0);
                }

                _value2 = grown;
            }
        }
        else if (from > Inline)
        {
            _value2 = ((object?[])_value2!)[0];
        }
    }

    private ref object? At(int rank, int count)
    {
        switch (rank)
        {
            case 0:
                return ref _value0;
            case 1:
                return ref _value1;
            default:
                if (count <= Inline)
                {
                    return ref _value2;
                }

                return ref ((object?[])_value2!)[rank - (Inline - 1)];
        }
    }

    private int Rank(int slot) => PopCount(_set & ((1UL << slot) - 1));

    private static int PopCount(ulong bits)
    {
#if NET8_0_OR_GREATER
        return System.Numerics.BitOperations.PopCount(bits);
#else
        var count = 0;
        while (bits != 0)
        {
            bits &= bits - 1;
            count++;
        }

        return count;
#endif
    }
}
