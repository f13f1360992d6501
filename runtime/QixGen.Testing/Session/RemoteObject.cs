using QixGen.Testing.Objects;

namespace QixGen.Testing.Session;

/// <summary>What a handle stands for: the Global object, a Doc, a Field of a doc, or a stored entity of a doc.</summary>
internal sealed class RemoteObject
{
    public RemoteObject(int handle, string service, DocInstance? doc, string? fieldName = null, StoredEntity? entity = null)
    {
        Handle = handle;
        Service = service;
        Doc = doc;
        FieldName = fieldName;
        Entity = entity;
    }

    public int Handle { get; }

    /// <summary>Global, Doc, Field, GenericObject, GenericVariable, GenericDimension, GenericMeasure or GenericBookmark.</summary>
    public string Service { get; }

    public DocInstance? Doc { get; }

    public string? FieldName { get; }

    public StoredEntity? Entity { get; }
}
