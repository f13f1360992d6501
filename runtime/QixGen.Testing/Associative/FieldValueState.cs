namespace QixGen.Testing.Associative;

/// <summary>A field value's logical state, with the engine's one/two-letter codes (NxCell.qState).</summary>
internal enum FieldValueState
{
    /// <summary>O: possible (no selection excludes it).</summary>
    Option,

    /// <summary>S: selected.</summary>
    Selected,

    /// <summary>L: selected in a locked field.</summary>
    Locked,

    /// <summary>A: not selected, excluded only by the selection in its own field.</summary>
    Alternative,

    /// <summary>X: excluded by selections in other fields.</summary>
    Excluded,

    /// <summary>XS: selected, but excluded by selections in other fields.</summary>
    ExcludedSelected,

    /// <summary>XL: locked, but excluded by selections in other fields.</summary>
    ExcludedLocked,
}

/// <summary>The wire codes of <see cref="FieldValueState"/>.</summary>
internal static class FieldValueStateCodes
{
    public static string Code(this FieldValueState state) => state switch
    {
        FieldValueState.Selected => "S",
        FieldValueState.Locked => "L",
        FieldValueState.Alternative => "A",
        FieldValueState.Excluded => "X",
        FieldValueState.ExcludedSelected => "XS",
        FieldValueState.ExcludedLocked => "XL",
        _ => "O",
    };

    /// <summary>Sort rank when sorting by state: selected first, then possible, alternative, excluded.</summary>
    public static int Rank(this FieldValueState state) => state switch
    {
        FieldValueState.Selected or FieldValueState.Locked => 0,
        FieldValueState.Option => 1,
        FieldValueState.Alternative => 2,
        _ => 3,
    };

    public static bool IsSelected(this FieldValueState state) =>
        state is FieldValueState.Selected or FieldValueState.Locked or FieldValueState.ExcludedSelected or FieldValueState.ExcludedLocked;
}
