using System;

namespace QixGen.Serialization;

/// <summary>
/// What a data object holds beyond its fields, allocated on first use: its additional and raw properties and the
/// values of its sparse properties (QixSparse), packed by slot. A bit per slot says which are set; the set ones sit in
/// slot order, the first three in fields (most objects that have extras have one to three), the rest in an array.
/// Not thread-safe, like the object.
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
    private object? _value2;
    private object?[]? _more;

    public object? Get(int slot) => (_set & (1UL << slot)) == 0 ? null : At(Rank(slot));

    public void Set(int slot, object? value)
    {
        var bit = 1UL << slot;
        var index = Rank(slot);
        var count = PopCount(_set);
        if ((_set & bit) != 0)
        {
            if (value is not null)
            {
                At(index) = value;
                return;
            }

            for (var i = index; i < count - 1; i++)
            {
                At(i) = At(i + 1);
            }

            At(count - 1) = null;
            _set &= ~bit;
        }
        else if (value is not null)
        {
            EnsureRoom(count + 1);
            for (var i = count; i > index; i--)
            {
                At(i) = At(i - 1);
            }

            At(index) = value;
            _set |= bit;
        }
    }

    private void EnsureRoom(int count)
    {
        var needed = count - Inline;
        if (needed > 0 && (_more is null || _more.Length < needed))
        {
            var grown = new object?[Math.Max(4, (_more?.Length ?? 0) * 2)];
            _more?.CopyTo(grown, 0);
            _more = grown;
        }
    }

    private ref object? At(int rank)
    {
        switch (rank)
        {
            case 0:
                return ref _value0;
            case 1:
                return ref _value1;
            case 2:
                return ref _value2;
            default:
                return ref _more![rank - Inline];
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
