using System.Collections.Generic;

namespace QixGen.Objects;

/// <summary>The session's proxies by handle: one instance per handle, dropped when the engine closes it.</summary>
internal sealed class RemoteObjectRegistry
{
    private readonly Dictionary<int, QixObject> _objects = new Dictionary<int, QixObject>();
    private readonly object _gate = new object();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _objects.Count;
            }
        }
    }

    private readonly QixObjectTypeRegistry? _customTypes;

    public RemoteObjectRegistry(QixObjectTypeRegistry? customTypes = null) => _customTypes = customTypes;

    public TObject GetOrCreate<TObject>(Protocol.IQixSession session, QixObjectReference reference, QixObjectFactory<TObject> factory)
        where TObject : QixObject
    {
        lock (_gate)
        {
            if (_objects.TryGetValue(reference.Handle, out var existing) && existing is TObject typed && !existing.IsClosed)
            {
                return typed;
            }

            // A new handle, or one first seen as a plainer type: the typed proxy takes its place. A registered
            // class for the object's generic type wins when it is what the caller expects.
            var created = _customTypes?.TryCreate(session, reference) is TObject custom ? custom : factory(session, reference);
            _objects[reference.Handle] = created;
            return created;
        }
    }

    public bool TryGet(int handle, out QixObject proxy)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(handle, out proxy!);
        }
    }

    public QixObject? Remove(int handle)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(handle, out var proxy) && _objects.Remove(handle) ? proxy : null;
        }
    }

    public List<QixObject> Snapshot()
    {
        lock (_gate)
        {
            return new List<QixObject>(_objects.Values);
        }
    }

    public void Replace(int oldHandle, QixObject proxy)
    {
        lock (_gate)
        {
            _objects.Remove(oldHandle);
            _objects[proxy.Handle] = proxy;
        }
    }

    public List<QixObject> RemoveAll()
    {
        lock (_gate)
        {
            var all = new List<QixObject>(_objects.Values);
            _objects.Clear();
            return all;
        }
    }
}
