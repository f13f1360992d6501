using System.Text.Json;
using QixGen.Raw;

namespace QixGen.Paging;

/// <summary>One cell of a data page (the engine's <c>NxCell</c>), read from any schema version.</summary>
public sealed class QixCell
{
    internal QixCell(JsonElement json)
    {
        Json = json;
        Text = JsonRead.String(json, "qText");
        Number = JsonRead.Number(json, "qNum");
        ElementNumber = JsonRead.Int(json, "qElemNumber", -1);
        State = JsonRead.String(json, "qState");
        IsNull = JsonRead.Bool(json, "qIsNull");
    }

    /// <summary>The formatted text (<c>qText</c>); null when the engine sent none (e.g. some nulls).</summary>
    public string? Text { get; }

    /// <summary>The number (<c>qNum</c>); <see cref="double.NaN"/> for text-only values (the engine sends <c>"NaN"</c>).</summary>
    public double Number { get; }

    /// <summary>Whether <see cref="Number"/> holds a number.</summary>
    public bool IsNumeric => !double.IsNaN(Number);

    /// <summary>The value's element number in its field (<c>qElemNumber</c>); negative for nulls and totals, -1 when absent.</summary>
    public int ElementNumber { get; }

    /// <summary>The selection state (<c>qState</c>: S selected, O optional, X excluded, L locked, ...).</summary>
    public string? State { get; }

    /// <summary>Whether the cell is null (<c>qIsNull</c>).</summary>
    public bool IsNull { get; }

    /// <summary>The cell as the engine sent it: every property, including ones this type does not name (attributes, ...).</summary>
    public JsonElement Json { get; }

    /// <inheritdoc />
    public override string ToString() => Text ?? string.Empty;
}
