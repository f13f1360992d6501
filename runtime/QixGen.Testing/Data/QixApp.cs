using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using QixGen.Testing.Objects;

namespace QixGen.Testing.Data;

/// <summary>
/// An app registered with a <see cref="Hosting.QixEngineSimulator"/>: its data, load script and persisted
/// objects. Each session that opens it gets its own copy of the data and its own selections, as engine
/// sessions do; persisted (non-session) objects and successful reloads are shared by later sessions.
/// </summary>
public sealed class QixApp
{
    private readonly object _gate = new object();
    private DataModel _data;
    private string _script;

    internal QixApp(string id, string title, DataModel data, string script, string? dataDirectory, bool isSessionApp)
    {
        Id = id;
        Title = title;
        _data = data;
        _script = script;
        DataDirectory = dataDirectory;
        IsSessionApp = isSessionApp;
    }

    /// <summary>The app id that <c>OpenDoc</c> takes (the title is accepted too).</summary>
    public string Id { get; }

    /// <summary>The app's title.</summary>
    public string Title { get; }

    /// <summary>Whether this is a session app (<c>CreateSessionApp</c>): never listed, never shared.</summary>
    public bool IsSessionApp { get; }

    /// <summary>The current load script.</summary>
    public string Script
    {
        get
        {
            lock (_gate)
            {
                return _script;
            }
        }
    }

    /// <summary>The names of the loaded tables.</summary>
    public IReadOnlyList<string> TableNames => Data.Tables.ConvertAll(t => t.Name);

    /// <summary>The names of the loaded fields.</summary>
    public IReadOnlyList<string> FieldNames => Data.Fields.ConvertAll(f => f.Name);

    /// <summary>Where <c>LOAD ... FROM</c> resolves relative file names (falls back to the simulator's option).</summary>
    internal string? DataDirectory { get; }

    internal DateTimeOffset LastReloadTime { get; private set; } = DateTimeOffset.UtcNow;

    internal DataModel Data
    {
        get
        {
            lock (_gate)
            {
                return _data;
            }
        }
    }

    /// <summary>Persisted objects by id (kind and properties), copied into each session's doc when it opens.</summary>
    internal ConcurrentDictionary<string, (EntityKind Kind, JsonObject Properties)> PersistedEntities { get; } =
        new ConcurrentDictionary<string, (EntityKind Kind, JsonObject Properties)>(StringComparer.Ordinal);

    internal void SetScript(string script)
    {
        lock (_gate)
        {
            _script = script;
        }
    }

    internal void CommitReload(DataModel data)
    {
        lock (_gate)
        {
            _data = data;
            LastReloadTime = DateTimeOffset.UtcNow;
        }
    }
}
