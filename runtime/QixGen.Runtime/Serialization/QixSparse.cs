using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace QixGen.Serialization;

/// <summary>
/// Storage of a data type's sparse properties: sub-objects the engine mostly leaves out (a cell's
/// <c>qAttrExps</c>, a layout's <c>qListObject</c>). They take no field in the object; a set one is kept, with its
/// slot, in the object's rarely allocated holder of extras. See docs/performance.md, "Decode".
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class QixSparse
{
    /// <summary>The property's value, or null when unset.</summary>
    /// <typeparam name="T">The property type.</typeparam>
    /// <param name="owner">The data object.</param>
    /// <param name="slot">The property's slot, 0 to 61.</param>
    /// <returns>The value or null.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T? Get<T>(QixDataObject owner, int slot)
        where T : class => owner.GetSparse<T>(slot);

    /// <summary>Sets the property, or clears it for null.</summary>
    /// <typeparam name="T">The property type.</typeparam>
    /// <param name="owner">The data object.</param>
    /// <param name="slot">The property's slot, 0 to 61.</param>
    /// <param name="value">The new value or null.</param>
    public static void Set<T>(QixDataObject owner, int slot, T? value)
        where T : class => owner.SetSparse(slot, value);
}
