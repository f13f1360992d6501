using System.Collections.Generic;
using System.Linq;
using QixGen.Testing.Objects;

namespace QixGen.Testing.Session;

/// <summary>A session's handles: -1 is Global, others count up from 1; asking twice for an object gives its handle again.</summary>
internal sealed class HandleTable
{
    private readonly Dictionary<int, RemoteObject> _byHandle = new Dictionary<int, RemoteObject>();
    private readonly Dictionary<string, int> _byKey = new Dictionary<string, int>(System.StringComparer.Ordinal);
    private int _next = 1;

    public HandleTable() => _byHandle[-1] = new RemoteObject(-1, "Global", null);

    public RemoteObject? Find(int handle) => _byHandle.TryGetValue(handle, out var target) ? target : null;

    public RemoteObject ForDoc(DocInstance doc) => GetOrAdd("Doc", h => new RemoteObject(h, "Doc", doc));

    public RemoteObject ForField(DocInstance doc, string fieldName) => GetOrAdd("Field:" + fieldName, h => new RemoteObject(h, "Field", doc, fieldName));

    public RemoteObject ForEntity(DocInstance doc, StoredEntity entity) =>
        GetOrAdd(entity.Kind + ":" + entity.Id, h => new RemoteObject(h, entity.Kind.Service(), doc, entity: entity));

    /// <summary>The open handle of an entity, if any.</summary>
    public int? HandleOf(StoredEntity entity) => _byKey.TryGetValue(entity.Kind + ":" + entity.Id, out var h) ? h : null;

    public int? DocHandle => _byKey.TryGetValue("Doc", out var h) ? h : null;

    /// <summary>Handles of a doc's open objects whose layout depends on data.</summary>
    public IEnumerable<int> DataDependentHandles() =>
        _byHandle.Values.Where(o => o.Entity is { DependsOnData: true }).Select(o => o.Handle);

    public IEnumerable<int> HandlesOfKind(EntityKind kind) => _byHandle.Values.Where(o => o.Entity?.Kind == kind).Select(o => o.Handle);

    public void Close(int handle)
    {
        if (_byHandle.Remove(handle))
        {
            foreach (var key in _byKey.Where(p => p.Value == handle).Select(p => p.Key).ToList())
            {
                _byKey.Remove(key);
            }
        }
    }

    private RemoteObject GetOrAdd(string key, System.Func<int, RemoteObject> create)
    {
        if (_byKey.TryGetValue(key, out var existing))
        {
            return _byHandle[existing];
        }

        var target = create(_next++);
        _byHandle[target.Handle] = target;
        _byKey[key] = target.Handle;
        return target;
    }
}
