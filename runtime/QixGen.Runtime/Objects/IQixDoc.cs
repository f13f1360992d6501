namespace QixGen.Objects;

/// <summary>
/// Marks the proxy of an app (the engine interface <c>Doc</c>). Generated bindings of every schema version implement it
/// on their <c>Doc</c> class, so the app-level helpers (typed lists, reads by object id or definition) are offered on
/// the app's proxy only. It has no members: the helpers still check the object's <c>qType</c> at run time.
/// </summary>
public interface IQixDoc
{
}
