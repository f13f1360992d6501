namespace QixGen.Testing.Objects;

/// <summary>The kinds of objects a doc holds, with their proxy type (qType) and generic type.</summary>
internal enum EntityKind
{
    GenericObject,
    Variable,
    Dimension,
    Measure,
    Bookmark,
}

/// <summary>Wire names of <see cref="EntityKind"/>.</summary>
internal static class EntityKinds
{
    /// <summary>The service (and qType of qReturn): GenericObject, GenericVariable, ...</summary>
    public static string Service(this EntityKind kind) => kind switch
    {
        EntityKind.Variable => "GenericVariable",
        EntityKind.Dimension => "GenericDimension",
        EntityKind.Measure => "GenericMeasure",
        EntityKind.Bookmark => "GenericBookmark",
        _ => "GenericObject",
    };

    /// <summary>The qInfo.qType the engine gives library entities.</summary>
    public static string DefaultType(this EntityKind kind) => kind switch
    {
        EntityKind.Variable => "variable",
        EntityKind.Dimension => "dimension",
        EntityKind.Measure => "measure",
        EntityKind.Bookmark => "bookmark",
        _ => "generic-object",
    };
}
