namespace QixGen.Objects;

/// <summary>
/// Marks the proxy of a generic object (the engine interface <c>GenericObject</c>: charts, tables, list boxes, session
/// objects). Generated bindings of every schema version implement it on their <c>GenericObject</c> class, so the
/// object-level data helpers (paged hypercube and list object reads) are offered only where they apply.
/// </summary>
public interface IQixGenericObject
{
}
