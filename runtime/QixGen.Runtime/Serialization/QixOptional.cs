using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace QixGen.Serialization;

/// <summary>
/// Storage of a data type's optional value-type properties: a plain field per property and one bit per property
/// in a shared mask saying whether it is set. <c>double?</c> takes 16 bytes and <c>bool?</c> 2; this way they take
/// 8 and 1 plus a bit (a flag only its two bits of the mask), which is most of a data page cell's size (100,000
/// cells in a 10,000 x 10 page).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class QixOptional
{
    /// <summary>The property's value, or null when its bit is clear.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="set">The mask.</param>
    /// <param name="bit">The property's bit, 0 to 31.</param>
    /// <param name="value">The field.</param>
    /// <returns>The value or null.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T? Get<T>(uint set, int bit, T value)
        where T : struct => (set & (1u << bit)) != 0 ? value : (T?)null;

    /// <summary>Sets the field and the bit, or clears both for null.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="set">The mask.</param>
    /// <param name="bit">The property's bit, 0 to 31.</param>
    /// <param name="field">The field.</param>
    /// <param name="value">The new value or null.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set<T>(ref uint set, int bit, ref T field, T? value)
        where T : struct
    {
        field = value.GetValueOrDefault();
        set = value.HasValue ? set | (1u << bit) : set & ~(1u << bit);
    }

    /// <summary>A flag's value: bit <paramref name="valueBit"/> of the mask, or null when bit <paramref name="bit"/> is clear.</summary>
    /// <param name="set">The mask.</param>
    /// <param name="bit">The flag's set bit, 0 to 31.</param>
    /// <param name="valueBit">The flag's value bit, 0 to 31.</param>
    /// <returns>The value or null.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool? GetFlag(uint set, int bit, int valueBit) =>
        (set & (1u << bit)) != 0 ? (set & (1u << valueBit)) != 0 : null;

    /// <summary>Sets a flag's set bit and value bit, or clears both for null.</summary>
    /// <param name="set">The mask.</param>
    /// <param name="bit">The flag's set bit, 0 to 31.</param>
    /// <param name="valueBit">The flag's value bit, 0 to 31.</param>
    /// <param name="value">The new value or null.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetFlag(ref uint set, int bit, int valueBit, bool? value)
    {
        var mask = (1u << bit) | (1u << valueBit);
        set = value switch
        {
            true => set | mask,
            false => (set | (1u << bit)) & ~(1u << valueBit),
            null => set & ~mask,
        };
    }
}
