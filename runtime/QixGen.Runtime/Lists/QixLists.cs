namespace QixGen.Lists;

/// <summary>
/// The lists the Qlik Sense client shows, with the session-object definitions it uses for them (the <c>qData</c> paths
/// name what each item carries: title, description, rank, cells, ...). Pass one to
/// <see cref="QixAppLists.ListAsync{TDoc, TItem}"/> or <see cref="QixAppLists.WatchListAsync{TDoc, TItem}"/>.
/// </summary>
public static class QixLists
{
    /// <summary>Sheets: <c>qAppObjectListDef</c> of type <c>sheet</c> (title, description, thumbnail, cells, rank, columns, rows).</summary>
    public static QixListDefinition<QixSheet> Sheets { get; } = new QixListDefinition<QixSheet>(
        "sheets",
        """{"qInfo":{"qType":"SheetList"},"qAppObjectListDef":{"qType":"sheet","qData":{"title":"/qMetaDef/title","description":"/qMetaDef/description","thumbnail":"/thumbnail","cells":"/cells","rank":"/rank","columns":"/columns","rows":"/rows"}}}""",
        "/qAppObjectList/qItems",
        json => new QixSheet(json));

    /// <summary>Stories: <c>qAppObjectListDef</c> of type <c>story</c> (title, description, thumbnail, rank).</summary>
    public static QixListDefinition<QixStory> Stories { get; } = new QixListDefinition<QixStory>(
        "stories",
        """{"qInfo":{"qType":"StoryList"},"qAppObjectListDef":{"qType":"story","qData":{"title":"/qMetaDef/title","description":"/qMetaDef/description","thumbnail":"/thumbnail","rank":"/rank"}}}""",
        "/qAppObjectList/qItems",
        json => new QixStory(json));

    /// <summary>Master visualizations: <c>qAppObjectListDef</c> of type <c>masterobject</c> (name, labelExpression, visualization, tags).</summary>
    public static QixListDefinition<QixMasterObject> MasterObjects { get; } = new QixListDefinition<QixMasterObject>(
        "master visualizations",
        """{"qInfo":{"qType":"MasterObjectList"},"qAppObjectListDef":{"qType":"masterobject","qData":{"name":"/qMetaDef/title","labelExpression":"/labelExpression","visualization":"/visualization","tags":"/qMetaDef/tags"}}}""",
        "/qAppObjectList/qItems",
        json => new QixMasterObject(json));

    /// <summary>Fields: <c>qFieldListDef</c> without system and hidden fields, with their source tables.</summary>
    public static QixListDefinition<QixFieldItem> Fields { get; } = new QixListDefinition<QixFieldItem>(
        "fields",
        """{"qInfo":{"qType":"FieldList"},"qFieldListDef":{"qShowSystem":false,"qShowHidden":false,"qShowDerivedFields":true,"qShowSemantic":true,"qShowSrcTables":true,"qShowImplicit":false}}""",
        "/qFieldList/qItems",
        json => new QixFieldItem(json));

    /// <summary>Master dimensions: <c>qDimensionListDef</c> (title, tags, grouping, info, field definitions and labels).</summary>
    public static QixListDefinition<QixDimensionItem> Dimensions { get; } = new QixListDefinition<QixDimensionItem>(
        "dimensions",
        """{"qInfo":{"qType":"DimensionList"},"qDimensionListDef":{"qType":"dimension","qData":{"title":"/qMetaDef/title","tags":"/qMetaDef/tags","grouping":"/qDim/qGrouping","info":"/qDimInfos","fieldDefs":"/qDim/qFieldDefs","fieldLabels":"/qDim/qFieldLabels"}}}""",
        "/qDimensionList/qItems",
        json => new QixDimensionItem(json));

    /// <summary>Master measures: <c>qMeasureListDef</c> (title, tags, expression, label).</summary>
    public static QixListDefinition<QixMeasureItem> Measures { get; } = new QixListDefinition<QixMeasureItem>(
        "measures",
        """{"qInfo":{"qType":"MeasureList"},"qMeasureListDef":{"qType":"measure","qData":{"title":"/qMetaDef/title","tags":"/qMetaDef/tags","expression":"/qMeasure/qDef","label":"/qMeasure/qLabel"}}}""",
        "/qMeasureList/qItems",
        json => new QixMeasureItem(json));

    /// <summary>Variables: <c>qVariableListDef</c> without reserved and configuration variables.</summary>
    public static QixListDefinition<QixVariableItem> Variables { get; } = new QixListDefinition<QixVariableItem>(
        "variables",
        """{"qInfo":{"qType":"VariableList"},"qVariableListDef":{"qType":"variable","qShowReserved":false,"qShowConfig":false,"qData":{"tags":"/tags"}}}""",
        "/qVariableList/qItems",
        json => new QixVariableItem(json));

    /// <summary>Bookmarks: <c>qBookmarkListDef</c> (title, description, sheetId, selectionFields, creationDate).</summary>
    public static QixListDefinition<QixBookmarkItem> Bookmarks { get; } = new QixListDefinition<QixBookmarkItem>(
        "bookmarks",
        """{"qInfo":{"qType":"BookmarkList"},"qBookmarkListDef":{"qType":"bookmark","qData":{"title":"/qMetaDef/title","description":"/qMetaDef/description","sheetId":"/sheetId","selectionFields":"/selectionFields","creationDate":"/creationDate"}}}""",
        "/qBookmarkList/qItems",
        json => new QixBookmarkItem(json));

    /// <summary>The current selections: <c>qSelectionObjectDef</c>, one item per field with a selection.</summary>
    public static QixListDefinition<QixSelectionItem> CurrentSelections { get; } = new QixListDefinition<QixSelectionItem>(
        "current selections",
        """{"qInfo":{"qType":"CurrentSelections"},"qSelectionObjectDef":{}}""",
        "/qSelectionObject/qSelections",
        json => new QixSelectionItem(json));
}
