using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace QixGen.Testing.Objects;

/// <summary>An object in a doc: its properties as the client set them, plus what a bookmark remembers.</summary>
internal sealed class StoredEntity
{
    public StoredEntity(EntityKind kind, string id, JsonObject properties, bool isSession)
    {
        Kind = kind;
        Id = id;
        Properties = properties;
        IsSession = isSession;
    }

    public EntityKind Kind { get; }

    public string Id { get; }

    public JsonObject Properties { get; set; }

    /// <summary>Session objects die with the session; others are persisted to the app.</summary>
    public bool IsSession { get; }

    public string Type => Properties["qInfo"]?["qType"]?.GetValue<string>() ?? Kind.DefaultType();

    /// <summary>A bookmark's selections: field name to selected value texts (texts survive a reload).</summary>
    public Dictionary<string, List<string>>? BookmarkSelections { get; set; }

    /// <summary>Whether the layout depends on data (a selection or reload changes it).</summary>
    public bool DependsOnData => Kind == EntityKind.GenericObject || (Kind == EntityKind.Variable && (Properties["qDefinition"]?.ToString() ?? string.Empty).TrimStart().StartsWith("=", System.StringComparison.Ordinal));

    public JsonObject Info() => new JsonObject { ["qId"] = Id, ["qType"] = Type };
}
