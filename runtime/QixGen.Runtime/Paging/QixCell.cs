using System.Text.Json;
using QixGen.Raw;

namespace QixGen.Paging;

/// <summary>
/// One cell of a data page, read from any schema version: a straight table's <c>NxCell</c>, or a pivot or stacked
/// table's dimension cell (<c>NxPivotDimensionCell</c>, <c>NxStackedPivotCell</c>: <c>qValue</c>, <c>qElemNo</c>) or value
/// (<c>NxPivotValuePoint</c>: <c>qNum</c>), all read into the same properties.
/// </summary>
public sealed class QixCell
{
    internal QixCell(JsonElement json)
    {
        Json = json;
        Text = JsonRead.String(json, "qText");
        Number = json.ValueKind == JsonValueKind.Object && !json.TryGetProperty("qNum", out _) ? JsonRead.Number(json, "qValue") : JsonRead.Number(json, "qNum");
        ElementNumber = JsonRead.Int(json, "qElemNumber", JsonRead.Int(json, "qElemNo", -1));
        State = JsonRead.String(json, "qState");
        CellType = JsonRead.String(json, "qType");
        IsNull = JsonRead.Bool(json, "qIsNull") || CellType == "U";
    }

    /// <summary>The formatted text (<c>qText</c>); null when the engine sent none (e.g. some nulls).</summary>
    public string? Text { get; }

    /// <summary>The number (<c>qNum</c>, or <c>qValue</c> in pivot and stacked dimension cells); <see cref="double.NaN"/> for text-only values (the engine sends <c>"NaN"</c>).</summary>
    public double Number { get; }

    /// <summary>Whether <see cref="Number"/> holds a number.</summary>
    public bool IsNumeric => !double.IsNaN(Number);

    /// <summary>The value's element number in its field (<c>qElemNumber</c>, or <c>qElemNo</c> in pivot and stacked pages); negative for nulls and totals, -1 when absent.</summary>
    public int ElementNumber { get; }

    /// <summary>The selection state (<c>qState</c>: S selected, O optional, X excluded, L locked, ...).</summary>
    public string? State { get; }

    /// <summary>
    /// The pivot or stacked cell type (<c>qType</c>: N normal, V value, T total, E empty, P pseudo (a measure header),
    /// R root, U null, ...); null for straight-table cells, which have none.
    /// </summary>
    public string? CellType { get; }

    /// <summary>Whether the cell is null (<c>qIsNull</c>, or a pivot cell of type U).</summary>
    public bool IsNull { get; }

    /// <summary>The cell as the engine sent it: every property, including ones this type does not name (attributes, ...).</summary>
    public JsonElement Json { get; }

    /// <inheritdoc />
    public override string ToString() => Text ?? string.Empty;
}
