using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using QixGen.Testing.Methods;

namespace QixGen.Testing.Session;

/// <summary>Every method the simulator implements, by "Service.Method".</summary>
internal sealed class MethodRegistry
{
    private readonly Dictionary<string, MethodDescriptor> _methods = new Dictionary<string, MethodDescriptor>(StringComparer.Ordinal);

    private MethodRegistry()
    {
    }

    public static MethodRegistry Instance { get; } = Create();

    public IEnumerable<MethodDescriptor> All => _methods.Values;

    public MethodDescriptor? Find(string service, string method) => _methods.TryGetValue(service + "." + method, out var d) ? d : null;

    /// <summary>Adds a method answered synchronously under the session's lock.</summary>
    public void Add(string service, string name, string[] parameters, string[] outKeys, Func<CallContext, JsonObject> handler) =>
        _methods.Add(service + "." + name, new MethodDescriptor(service, name, parameters, outKeys, ctx => Task.FromResult(handler(ctx)), concurrent: false));

    /// <summary>Adds a method that runs beside other calls and takes the session's lock itself where it needs state.</summary>
    public void AddConcurrent(string service, string name, string[] parameters, string[] outKeys, Func<CallContext, Task<JsonObject>> handler) =>
        _methods.Add(service + "." + name, new MethodDescriptor(service, name, parameters, outKeys, handler, concurrent: true));

    private static MethodRegistry Create()
    {
        var registry = new MethodRegistry();
        GlobalMethods.Register(registry);
        DocMethods.Register(registry);
        ReloadMethods.Register(registry);
        FieldMethods.Register(registry);
        GenericObjectMethods.Register(registry);
        PivotDataMethods.Register(registry);
        LibraryEntityMethods.Register(registry);
        return registry;
    }
}
