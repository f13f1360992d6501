using System;
using System.ComponentModel;

namespace QixGen.Serialization;

/// <summary>
/// The capacity generated list readers give a new list: the count of the last list of the same type read on this
/// thread. Rows of a data page all have the same length, so each row's list is allocated once at its final size
/// instead of growing 4, 8, 16, ... Bounded, so that one long list does not make every later short one large.
/// </summary>
/// <typeparam name="TList">The list type (one hint per list type).</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class QixListCapacity<TList>
{
    private const int MaxHint = 256;

    [ThreadStatic]
    private static int t_last;

    /// <summary>The count of the last list of this type read on this thread, at most 256.</summary>
    public static int Last
    {
        get => t_last;
        set => t_last = value < MaxHint ? value : MaxHint;
    }
}
