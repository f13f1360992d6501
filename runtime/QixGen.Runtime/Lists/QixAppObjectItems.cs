using System.Text.Json;
using QixGen.Raw;

namespace QixGen.Lists;

/// <summary>A sheet (<c>qAppObjectList</c> item of type <c>sheet</c>).</summary>
public sealed class QixSheet : QixListItem
{
    internal QixSheet(JsonElement json)
        : base(json)
    {
        Rank = OptionalNumber(Data, "rank");
        var cells = JsonRead.Array(Data, "cells");
        CellCount = cells.ValueKind == JsonValueKind.Array ? cells.GetArrayLength() : 0;
        Columns = OptionalNumber(Data, "columns");
        Rows = OptionalNumber(Data, "rows");
        Published = JsonRead.Bool(Meta, "published");
        Approved = JsonRead.Bool(Meta, "approved");
    }

    /// <summary>The sheet's place among the sheets (<c>rank</c>), when set.</summary>
    public double? Rank { get; }

    /// <summary>How many objects the sheet shows (<c>cells</c>; each cell's name, type and position are in <see cref="QixListItem.Data"/>).</summary>
    public int CellCount { get; }

    /// <summary>The sheet grid's columns, when set.</summary>
    public double? Columns { get; }

    /// <summary>The sheet grid's rows, when set.</summary>
    public double? Rows { get; }

    /// <summary>Whether the sheet is published (<c>qMeta.published</c>).</summary>
    public bool Published { get; }

    /// <summary>Whether the sheet is approved (<c>qMeta.approved</c>).</summary>
    public bool Approved { get; }
}

/// <summary>A story (<c>qAppObjectList</c> item of type <c>story</c>).</summary>
public sealed class QixStory : QixListItem
{
    internal QixStory(JsonElement json)
        : base(json)
    {
        Rank = OptionalNumber(Data, "rank");
        Published = JsonRead.Bool(Meta, "published");
    }

    /// <summary>The story's place among the stories (<c>rank</c>), when set.</summary>
    public double? Rank { get; }

    /// <summary>Whether the story is published.</summary>
    public bool Published { get; }
}

/// <summary>A master visualization (<c>qAppObjectList</c> item of type <c>masterobject</c>).</summary>
public sealed class QixMasterObject : QixListItem
{
    internal QixMasterObject(JsonElement json)
        : base(json)
    {
        Visualization = JsonRead.String(Data, "visualization");
    }

    /// <summary>The chart type (<c>visualization</c>, e.g. <c>barchart</c>).</summary>
    public string? Visualization { get; }
}
