using System;

namespace QixGen.Serialization;

/// <summary>
/// The values of a data object's sparse properties packed by slot: a bit per slot says which are set, and the set
/// ones sit in slot order in one array (a value's index is the number of set slots below it). A data type whose
/// properties are mostly sub-objects the engine rarely sends pays for those it got, not for all it could get.
/// A mutable struct: only ever used as a field.
/// </summary>
internal struct QixSparseValues
{
    private const int FirstCapacity = 4;

    private ulong _set;
    private object?[]? _values;

    public readonly object? Get(int slot)
    {
        var bit = 1UL << slot;
        return (_set & bit) == 0 ? null : _values![Rank(slot)];
    }

    public void Set(int slot, object? value)
    {
        var bit = 1UL << slot;
        var index = Rank(slot);
        var count = PopCount(_set);
        if ((_set & bit) != 0)
        {
            if (value is not null)
            {
                _values![index] = value;
                return;
            }

            Array.Copy(_values!, index + 1, _values!, index, count - index - 1);
            _values![count - 1] = null;
            _set &= ~bit;
            return;
        }

        if (value is null)
        {
            return;
        }

        if (_values is null || _values.Length == count)
        {
            var grown = new object?[_values is null ? FirstCapacity : _values.Length * 2];
            if (_values is not null)
            {
                Array.Copy(_values, grown, count);
            }

            _values = grown;
        }

        Array.Copy(_values, index, _values, index + 1, count - index);
        _values[index] = value;
        _set |= bit;
    }

    private readonly int Rank(int slot) => PopCount(_set & ((1UL << slot) - 1));

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
