using System;
using System.Text.Json.Nodes;
using QixGen.Testing.Objects;

namespace QixGen.Testing.Data;

/// <summary>
/// Puts persisted app objects into a simulator app, as if saved in the .qvf: sheets, stories, master visualizations and
/// other generic objects, master dimensions and measures, variables and bookmarks. Sessions that open the app later see
/// them (in GetObject, the qAppObjectListDef / qDimensionListDef / ... lists, GetAllInfos).
/// </summary>
/// <example>
/// <code>
/// app.AddObject("""{"qInfo":{"qId":"s1","qType":"sheet"},"qMetaDef":{"title":"Overview"},"rank":0,"cells":[]}""");
/// app.AddMeasure("""{"qInfo":{"qId":"m1"},"qMeasure":{"qDef":"Sum(Amount)","qLabel":"Sales"},"qMetaDef":{"title":"Sales"}}""");
/// </code>
/// </example>
public static class QixAppObjects
{
    /// <summary>Adds a generic object (its <c>qInfo.qType</c> says what it is: sheet, story, masterobject, ...).</summary>
    /// <param name="app">The app.</param>
    /// <param name="propertiesJson">The object's properties; <c>qInfo.qId</c> is required.</param>
    /// <returns>The app.</returns>
    public static QixApp AddObject(this QixApp app, string propertiesJson) => Add(app, EntityKind.GenericObject, propertiesJson);

    /// <summary>Adds a master dimension (<c>GenericDimensionProperties</c>: qInfo, qDim, qMetaDef).</summary>
    /// <param name="app">The app.</param>
    /// <param name="propertiesJson">The properties; <c>qInfo.qId</c> is required.</param>
    /// <returns>The app.</returns>
    public static QixApp AddDimension(this QixApp app, string propertiesJson) => Add(app, EntityKind.Dimension, propertiesJson);

    /// <summary>Adds a master measure (<c>GenericMeasureProperties</c>: qInfo, qMeasure, qMetaDef).</summary>
    /// <param name="app">The app.</param>
    /// <param name="propertiesJson">The properties; <c>qInfo.qId</c> is required.</param>
    /// <returns>The app.</returns>
    public static QixApp AddMeasure(this QixApp app, string propertiesJson) => Add(app, EntityKind.Measure, propertiesJson);

    /// <summary>Adds a variable (<c>GenericVariableProperties</c>: qInfo, qName, qDefinition, qComment).</summary>
    /// <param name="app">The app.</param>
    /// <param name="propertiesJson">The properties; <c>qInfo.qId</c> and <c>qName</c> are required.</param>
    /// <returns>The app.</returns>
    public static QixApp AddVariable(this QixApp app, string propertiesJson) => Add(app, EntityKind.Variable, propertiesJson);

    /// <summary>Adds a bookmark (<c>GenericBookmarkProperties</c>: qInfo, qMetaDef, ...), without stored selections.</summary>
    /// <param name="app">The app.</param>
    /// <param name="propertiesJson">The properties; <c>qInfo.qId</c> is required.</param>
    /// <returns>The app.</returns>
    public static QixApp AddBookmark(this QixApp app, string propertiesJson) => Add(app, EntityKind.Bookmark, propertiesJson);

    private static QixApp Add(QixApp app, EntityKind kind, string propertiesJson)
    {
        if (app is null)
        {
            throw new ArgumentNullException(nameof(app));
        }

        var properties = JsonNode.Parse(propertiesJson ?? throw new ArgumentNullException(nameof(propertiesJson))) as JsonObject
            ?? throw new ArgumentException("The properties must be a JSON object.", nameof(propertiesJson));
        var info = properties["qInfo"] as JsonObject ?? new JsonObject();
        var id = info["qId"]?.ToString();
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("The properties need qInfo.qId.", nameof(propertiesJson));
        }

        if (kind == EntityKind.Variable && string.IsNullOrEmpty(properties["qName"]?.ToString()))
        {
            throw new ArgumentException("A variable needs qName.", nameof(propertiesJson));
        }

        properties["qInfo"] = new JsonObject { ["qId"] = id, ["qType"] = info["qType"]?.ToString() is { Length: > 0 } type ? type : kind.DefaultType() };
        app.PersistedEntities[id!] = (kind, properties);
        return app;
    }
}
