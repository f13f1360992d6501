using System.Collections.Generic;
using System.Text.Json.Nodes;
using QixGen.Testing.Objects;
using QixGen.Testing.Protocol;

namespace QixGen.Testing.Session;

/// <summary>One call being answered: its session, target object, parameters, and the handles it changed or closed.</summary>
internal sealed class CallContext
{
    public CallContext(SimulatorSession session, RpcRequest request, RemoteObject target, RpcParams parameters)
    {
        Session = session;
        Request = request;
        Target = target;
        Params = parameters;
    }

    public SimulatorSession Session { get; }

    public RpcRequest Request { get; }

    public RemoteObject Target { get; }

    public RpcParams Params { get; }

    /// <summary>Cancels a concurrent call (CancelRequest, session end); none for serialized calls.</summary>
    public System.Threading.CancellationToken Cancellation { get; set; }

    public SortedSet<int> Changed { get; } = new SortedSet<int>();

    public SortedSet<int> Closed { get; } = new SortedSet<int>();

    public DocInstance Doc => Target.Doc ?? Session.Doc ?? throw new QixRpcException(LocErrors.AppNotOpen, "App not open");

    public StoredEntity Entity => Target.Entity ?? throw new QixRpcException(LocErrors.GenericNotFound, "Resource not found");

    /// <summary>
    /// Marks what a selection (or reload) invalidates. As the engine does, an object is reported only when its
    /// layout was fetched since it was last reported; the Doc is always reported for a selection change.
    /// </summary>
    public void DataChanged(bool includeDoc = true)
    {
        if (Session.Handles.DocHandle is { } doc && (includeDoc || Session.Validated.Contains(doc)))
        {
            Changed.Add(doc);
        }

        foreach (var handle in Session.Handles.DataDependentHandles())
        {
            if (Session.Validated.Contains(handle))
            {
                Changed.Add(handle);
            }
        }
    }

    /// <summary>Marks an entity's handle (if open) as changed.</summary>
    public void EntityChanged(StoredEntity entity)
    {
        if (Session.Handles.HandleOf(entity) is { } handle)
        {
            Changed.Add(handle);
        }
    }

    /// <summary>The qReturn of a method returning an entity: a (possibly existing) handle for it.</summary>
    public JsonObject Return(StoredEntity entity)
    {
        var target = Session.Handles.ForEntity(Doc, entity);
        return new JsonObject
        {
            ["qType"] = target.Service,
            ["qHandle"] = target.Handle,
            ["qGenericType"] = entity.Type,
            ["qGenericId"] = entity.Id,
        };
    }
}
