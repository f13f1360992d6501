using System.Collections.Generic;
using System.Text.Json;
using QixGen.Raw;

namespace QixGen.Lists;

/// <summary>A field of the data model (<c>qFieldList</c> item).</summary>
public sealed class QixFieldItem : QixListItem
{
    internal QixFieldItem(JsonElement json)
        : base(json)
    {
        Name = JsonRead.String(json, "qName") ?? string.Empty;
        Id = Name;
        Title = Name;
        Cardinal = JsonRead.Int(json, "qCardinal");
        Tags = JsonRead.Strings(json, "qTags");
        SourceTables = JsonRead.Strings(json, "qSrcTables");
        IsSystem = JsonRead.Bool(json, "qIsSystem");
        IsHidden = JsonRead.Bool(json, "qIsHidden");
        IsSemantic = JsonRead.Bool(json, "qIsSemantic");
    }

    /// <summary>The field name.</summary>
    public string Name { get; }

    /// <summary>Distinct values (<c>qCardinal</c>).</summary>
    public int Cardinal { get; }

    /// <summary>Tables the field is in (<c>qSrcTables</c>; the list definition asks for them).</summary>
    public IReadOnlyList<string> SourceTables { get; }

    /// <summary>A system field (<c>$Field</c>, ...).</summary>
    public bool IsSystem { get; }

    /// <summary>A hidden field.</summary>
    public bool IsHidden { get; }

    /// <summary>A semantic field.</summary>
    public bool IsSemantic { get; }

    private protected override IReadOnlyCollection<string> KnownProperties { get; } =
        new[] { "qInfo", "qMeta", "qData", "qName", "qCardinal", "qTags", "qSrcTables", "qIsSystem", "qIsHidden", "qIsSemantic" };
}

/// <summary>A master dimension (<c>qDimensionList</c> item).</summary>
public sealed class QixDimensionItem : QixListItem
{
    internal QixDimensionItem(JsonElement json)
        : base(json)
    {
        Grouping = JsonRead.String(Data, "grouping");
        FieldDefinitions = JsonRead.Strings(Data, "fieldDefs");
        FieldLabels = JsonRead.Strings(Data, "fieldLabels");
    }

    /// <summary>N single, H drill-down, C cyclic (<c>qDim.qGrouping</c>).</summary>
    public string? Grouping { get; }

    /// <summary>The fields or expressions (<c>qDim.qFieldDefs</c>).</summary>
    public IReadOnlyList<string> FieldDefinitions { get; }

    /// <summary>The field labels (<c>qDim.qFieldLabels</c>).</summary>
    public IReadOnlyList<string> FieldLabels { get; }
}

/// <summary>A master measure (<c>qMeasureList</c> item).</summary>
public sealed class QixMeasureItem : QixListItem
{
    internal QixMeasureItem(JsonElement json)
        : base(json)
    {
        Expression = JsonRead.String(Data, "expression");
        Label = JsonRead.String(Data, "label");
    }

    /// <summary>The expression (<c>qMeasure.qDef</c>).</summary>
    public string? Expression { get; }

    /// <summary>The label (<c>qMeasure.qLabel</c>).</summary>
    public string? Label { get; }
}

/// <summary>A variable (<c>qVariableList</c> item).</summary>
public sealed class QixVariableItem : QixListItem
{
    internal QixVariableItem(JsonElement json)
        : base(json)
    {
        Name = JsonRead.String(json, "qName") ?? string.Empty;
        Title = Name;
        Description = JsonRead.String(json, "qDescription") ?? Description;
        Definition = JsonRead.String(json, "qDefinition");
        IsScriptCreated = JsonRead.Bool(json, "qIsScriptCreated");
        IsReserved = JsonRead.Bool(json, "qIsReserved");
        IsConfig = JsonRead.Bool(json, "qIsConfig");
    }

    /// <summary>The variable name.</summary>
    public string Name { get; }

    /// <summary>The definition (text or <c>=expression</c>).</summary>
    public string? Definition { get; }

    /// <summary>Created by the load script.</summary>
    public bool IsScriptCreated { get; }

    /// <summary>A reserved variable (listed only when the definition shows them).</summary>
    public bool IsReserved { get; }

    /// <summary>A configuration variable.</summary>
    public bool IsConfig { get; }

    private protected override IReadOnlyCollection<string> KnownProperties { get; } =
        new[] { "qInfo", "qMeta", "qData", "qName", "qDescription", "qDefinition", "qIsScriptCreated", "qIsReserved", "qIsConfig" };
}

/// <summary>A bookmark (<c>qBookmarkList</c> item).</summary>
public sealed class QixBookmarkItem : QixListItem
{
    internal QixBookmarkItem(JsonElement json)
        : base(json)
    {
        SheetId = JsonRead.String(Data, "sheetId");
        CreationDate = JsonRead.String(Data, "creationDate");
        SelectionFields = JsonRead.String(Data, "selectionFields");
    }

    /// <summary>The sheet the bookmark opens (<c>sheetId</c>).</summary>
    public string? SheetId { get; }

    /// <summary>When it was made (<c>creationDate</c>, as the client stores it).</summary>
    public string? CreationDate { get; }

    /// <summary>The client's summary of the selected fields (<c>selectionFields</c>).</summary>
    public string? SelectionFields { get; }
}

/// <summary>One field's current selection (<c>qSelectionObject.qSelections</c> item).</summary>
public sealed class QixSelectionItem : QixListItem
{
    internal QixSelectionItem(JsonElement json)
        : base(json)
    {
        Field = JsonRead.String(json, "qField") ?? string.Empty;
        Id = Field;
        Title = Field;
        SelectedCount = JsonRead.Int(json, "qSelectedCount");
        Total = JsonRead.Int(json, "qTotal");
        Summary = JsonRead.String(json, "qSelected");
        Locked = JsonRead.Bool(json, "qLocked");
        var values = new List<string>();
        var infos = JsonRead.Array(json, "qSelectedFieldSelectionInfo");
        if (infos.ValueKind == JsonValueKind.Array)
        {
            foreach (var info in infos.EnumerateArray())
            {
                if (JsonRead.String(info, "qName") is { } value)
                {
                    values.Add(value);
                }
            }
        }

        SelectedValues = values;
    }

    /// <summary>The field.</summary>
    public string Field { get; }

    /// <summary>How many values are selected.</summary>
    public int SelectedCount { get; }

    /// <summary>The field's distinct values.</summary>
    public int Total { get; }

    /// <summary>The engine's summary text (<c>qSelected</c>, e.g. <c>Nordic</c> or <c>2 of 3</c>).</summary>
    public string? Summary { get; }

    /// <summary>The selected values the engine listed (<c>qSelectedFieldSelectionInfo</c>; at most its own limit).</summary>
    public IReadOnlyList<string> SelectedValues { get; }

    /// <summary>Whether the field is locked.</summary>
    public bool Locked { get; }

    private protected override IReadOnlyCollection<string> KnownProperties { get; } =
        new[] { "qInfo", "qMeta", "qData", "qField", "qSelectedCount", "qTotal", "qSelected", "qLocked", "qSelectedFieldSelectionInfo" };
}
