using System;
using System.Collections.Generic;
using System.Text.Json;
using QixGen.Raw;

namespace QixGen.Lists;

/// <summary>
/// One item of an app list (a sheet, field, measure, ...): id, title, description and tags, plus the item exactly as
/// the engine sent it (<see cref="Json"/>), so nothing is lost when an engine version adds properties.
/// </summary>
public abstract class QixListItem
{
    private IReadOnlyDictionary<string, JsonElement>? _extensionData;

    /// <summary>Reads the common parts from <paramref name="json"/>: <c>qInfo</c>, <c>qMeta</c> and <c>qData</c>.</summary>
    /// <param name="json">The item.</param>
    private protected QixListItem(JsonElement json)
    {
        Json = json;
        Info = JsonRead.Object(json, "qInfo");
        Meta = JsonRead.Object(json, "qMeta");
        Data = JsonRead.Object(json, "qData");
        Id = JsonRead.String(Info, "qId");
        Type = JsonRead.String(Info, "qType");
        Title = JsonRead.String(Meta, "title") ?? JsonRead.String(Data, "title");
        Description = JsonRead.String(Meta, "description") ?? JsonRead.String(Data, "description");
        var tags = JsonRead.Strings(Meta, "tags");
        Tags = tags.Count > 0 ? tags : JsonRead.Strings(Data, "tags");
    }

    /// <summary>The id (<c>qInfo.qId</c>; for fields and selections, the field name).</summary>
    public string? Id { get; private protected set; }

    /// <summary>The object type (<c>qInfo.qType</c>, e.g. <c>sheet</c>).</summary>
    public string? Type { get; }

    /// <summary>The title (<c>qMeta.title</c>, else <c>qData.title</c>; for fields and variables, the name).</summary>
    public string? Title { get; private protected set; }

    /// <summary>The description (<c>qMeta.description</c>, else <c>qData.description</c>).</summary>
    public string? Description { get; private protected set; }

    /// <summary>The tags (<c>qMeta.tags</c>, else <c>qData.tags</c>; for fields, <c>qTags</c>).</summary>
    public IReadOnlyList<string> Tags { get; private protected set; }

    /// <summary>The item as the engine sent it.</summary>
    public JsonElement Json { get; }

    /// <summary>The item's <c>qInfo</c> (undefined when absent).</summary>
    public JsonElement Info { get; }

    /// <summary>The item's <c>qMeta</c> (owner, published, approved, createdDate, ...; undefined when absent).</summary>
    public JsonElement Meta { get; }

    /// <summary>The item's <c>qData</c>: the values the list definition's <c>qData</c> paths asked for (undefined when absent).</summary>
    public JsonElement Data { get; }

    /// <summary>Top-level properties of the item that no member of this type reads (new engine properties land here).</summary>
    public IReadOnlyDictionary<string, JsonElement> ExtensionData => _extensionData ??= ReadExtensionData();

    /// <summary>The top-level property names this type reads into members.</summary>
    private protected virtual IReadOnlyCollection<string> KnownProperties { get; } = new[] { "qInfo", "qMeta", "qData" };

    /// <inheritdoc />
    public override string ToString() => $"{Type ?? GetType().Name} {Id}: {Title}";

    private protected static double? OptionalNumber(JsonElement element, string name)
    {
        var number = JsonRead.Number(element, name);
        return double.IsNaN(number) ? null : number;
    }

    private IReadOnlyDictionary<string, JsonElement> ReadExtensionData()
    {
        var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (Json.ValueKind == JsonValueKind.Object)
        {
            var known = KnownProperties;
            foreach (var property in Json.EnumerateObject())
            {
                if (!Contains(known, property.Name))
                {
                    extra[property.Name] = property.Value;
                }
            }
        }

        return extra;
    }

    private static bool Contains(IReadOnlyCollection<string> names, string name)
    {
        foreach (var known in names)
        {
            if (string.Equals(known, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
