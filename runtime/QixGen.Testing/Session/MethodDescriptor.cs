using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace QixGen.Testing.Session;

/// <summary>
/// One implemented method: the schema's parameter names (in order) and out keys, and its handler. Concurrent
/// methods run beside the session's serialized calls (a long DoReload; GetProgress and CancelRequest about it).
/// </summary>
internal sealed class MethodDescriptor
{
    public MethodDescriptor(string service, string name, IReadOnlyList<string> parameters, IReadOnlyList<string> outKeys, Func<CallContext, Task<JsonObject>> handler, bool concurrent)
    {
        Service = service;
        Name = name;
        Parameters = parameters;
        OutKeys = outKeys;
        Handler = handler;
        Concurrent = concurrent;
    }

    public string Service { get; }

    public string Name { get; }

    public string FullName => Service + "." + Name;

    public IReadOnlyList<string> Parameters { get; }

    public IReadOnlyList<string> OutKeys { get; }

    public Func<CallContext, Task<JsonObject>> Handler { get; }

    public bool Concurrent { get; }
}
