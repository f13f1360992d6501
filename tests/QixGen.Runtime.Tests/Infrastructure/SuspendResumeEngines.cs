using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests;

/// <summary>Scripted engines for suspend/resume: each connection is a fresh engine session (or a reattached one).</summary>
internal static class SuspendResumeEngines
{
    /// <summary>An engine that hands out handles from 1 and answers the calls these tests make.</summary>
    public sealed class FakeEngine
    {
        private int _nextHandle;

        public FakeEngine(string sessionState, string? activeDoc)
        {
            SessionState = sessionState;
            ActiveDoc = activeDoc;
        }

        public string SessionState { get; }

        public string? ActiveDoc { get; }

        public ScriptedEngine? Engine { get; set; }

        public List<(string Method, int Handle, string Params)> Calls { get; } = new();

        public string? Reply(JsonElement request)
        {
            var method = request.GetProperty("method").GetString()!;
            var handle = request.GetProperty("handle").GetInt32();
            var parameters = request.GetProperty("params");
            lock (Calls) Calls.Add((method, handle, parameters.GetRawText()));
            string Object(string type, string? id) =>
                ScriptedEngine.Result(request, $"{{\"qReturn\":{{\"qType\":\"{type}\",\"qHandle\":{Interlocked.Increment(ref _nextHandle)}{(id is null ? "" : $",\"qGenericId\":\"{id}\"")}}}}}");
            return method switch
            {
                "OpenDoc" => Object("Doc", parameters[0].GetString()),
                "GetActiveDoc" => ActiveDoc is null
                    ? $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetInt32()},\"error\":{{\"code\":1007,\"message\":\"No active document\"}}}}"
                    : Object("Doc", ActiveDoc),
                "GetObject" => Object("GenericObject", parameters[0].GetString()),
                "GetDimension" => Object("GenericDimension", parameters[0].GetString()),
                "CreateSessionObject" => Object("GenericObject", "session-object"),
                "GetField" => Object("Field", null),
                "GetCardinal" => ScriptedEngine.Result(request, "{\"qReturn\":42}"),
                _ => ScriptedEngine.Result(request, "{}"),
            };
        }
    }

    public static (QixSessionOptions Options, ConcurrentQueue<FakeEngine> Engines) Options(params FakeEngine[] engines)
    {
        var queue = new ConcurrentQueue<FakeEngine>(engines);
        var started = new ConcurrentQueue<FakeEngine>();
        var options = new QixSessionOptions { Delta = false };
        options.TransportFactory = async (_, _) =>
        {
            Assert.True(queue.TryDequeue(out var fake), "no more engine connections scripted");
            var (client, engine) = ScriptedEngine.StartEngine((request, _) => fake!.Reply(request));
            fake!.Engine = engine;
            started.Enqueue(fake);
            await engine.SendAsync($"{{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":{{\"qSessionState\":\"{fake.SessionState}\"}}}}");
            return client;
        };
        return (options, started);
    }
}
