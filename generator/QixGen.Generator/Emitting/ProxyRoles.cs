namespace QixGen.Generator.Emitting;

/// <summary>
/// The runtime's marker interfaces a proxy class implements, by the engine interface's wire name, so the runtime's
/// helpers are offered where they apply: app-level ones on Doc, object-level data reads on GenericObject.
/// </summary>
internal static class ProxyRoles
{
    /// <summary>The interfaces to add after the base class (", global::..."), or an empty string.</summary>
    public static string InterfacesOf(string wireName) => wireName switch
    {
        "Doc" => ", global::QixGen.Objects.IQixDoc",
        "GenericObject" => ", global::QixGen.Objects.IQixGenericObject",
        _ => string.Empty,
    };
}
