using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace QixGen.WireBench.Engine;

/// <summary>
/// Everything the canned engine says, serialised once at start: per (handle, method) the bytes of a response after
/// its id, in full, as the first delta answer (an add at "/"), as small replace patches and as an empty patch.
/// </summary>
internal sealed class CannedAnswers
{
    public const string DocId = "bench.qvf";
    public const string LayoutObjectId = "layout";
    public const string PageObjectId = "page";
    public const int DocHandle = 1;
    public const int LayoutHandle = 2;
    public const int PageHandle = 3;
    public const int PageRows = 10_000;
    public const int PageColumns = 10;

    /// <summary>The column of the cells the page patches change.</summary>
    public const int PatchedColumn = 3;

    /// <summary>The rows of the cells the page patches change.</summary>
    public static readonly int[] PatchedRows = { 17, 4_242, 9_999 };

    /// <summary>Replace operations on the layout of the recorded session: a selection changes counts and totals.</summary>
    private static readonly string[] s_layoutPaths =
    {
        "/qHyperCube/qGrandTotalRow/0/qText",
        "/qHyperCube/qGrandTotalRow/0/qNum",
        "/qHyperCube/qDimensionInfo/0/qStateCounts/qSelected",
    };

    private CannedAnswers(byte[] layoutJson, byte[] pageJson, string layoutId)
    {
        LayoutJson = layoutJson;
        LayoutId = layoutId;
        PageJson = pageJson;
        OpenDoc = Answer.Of("qReturn", $"{{\"qType\":\"Doc\",\"qHandle\":{DocHandle},\"qGenericId\":\"{DocId}\"}}");
        LayoutObject = Answer.Of("qReturn", ObjectReference(LayoutHandle, LayoutObjectId));
        PageObject = Answer.Of("qReturn", ObjectReference(PageHandle, PageObjectId));
        LayoutTotal = JsonDocument.Parse(layoutJson).RootElement.GetProperty("qHyperCube").GetProperty("qGrandTotalRow")[0].GetProperty("qText").GetString();
        Layout = Answer.Of("qLayout", Encoding.UTF8.GetString(layoutJson),
            LayoutPatch(PatchedTotals[0], 51.1, 0), LayoutPatch(PatchedTotals[1], 52.7, 1));
        Page = Answer.Of("qDataPages", Encoding.UTF8.GetString(pageJson), PagePatch("A"), PagePatch("B"));
        OnConnected = Frames.Text(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":{\"qSessionState\":\"SESSION_CREATED\"}}"));
        NotFound = Encoding.UTF8.GetBytes(",\"error\":{\"code\":-32601,\"parameter\":\"\",\"message\":\"Method not found\"}}");
    }

    /// <summary>The compact GenericObject layout GetLayout answers (the ~2 KB one of the recorded session).</summary>
    public byte[] LayoutJson { get; }

    /// <summary>The layout's qInfo.qId, which a client that decoded the answer reads back.</summary>
    public string LayoutId { get; }

    /// <summary>The grand total's qText in the layout as recorded (the patches change it).</summary>
    public string? LayoutTotal { get; }

    /// <summary>The grand total's qText after each of the two small patches.</summary>
    public static IReadOnlyList<string> PatchedTotals { get; } = new[] { "51,1", "52,7" };

    /// <summary>The qDataPages GetHyperCubeData answers: one page of 10,000 x 10 cells.</summary>
    public byte[] PageJson { get; }

    public Answer OpenDoc { get; }

    public Answer LayoutObject { get; }

    public Answer PageObject { get; }

    public Answer Layout { get; }

    public Answer Page { get; }

    /// <summary>The notification sent right after the upgrade, as a whole frame.</summary>
    public byte[] OnConnected { get; }

    /// <summary>The tail of an error response for any other call.</summary>
    public byte[] NotFound { get; }

    /// <summary>The qText of the first cell of the page before any patch.</summary>
    public static string FirstCellText => CellText(0, 0);

    /// <summary>Reads the recorded session (under <paramref name="sharedDir"/>) for its layout and synthesises the page.</summary>
    public static CannedAnswers Load(string sharedDir)
    {
        var traffic = Path.Combine(sharedDir, "fixtures", "traffic", "enigma-go-mock-mode.traffic");
        if (!File.Exists(traffic))
        {
            throw new FileNotFoundException($"The recorded session the canned layout comes from is missing: {traffic} (set QIX_SHARED_DIR to the shared folder).", traffic);
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(traffic));
        var layouts = new List<JsonElement>();
        CollectLayouts(document.RootElement, layouts);
        var layout = layouts.Select(l => JsonSerializer.SerializeToUtf8Bytes(l)).OrderBy(l => Math.Abs(l.Length - 2048)).First();
        var id = JsonDocument.Parse(layout).RootElement.GetProperty("qInfo").GetProperty("qId").GetString()!;
        CheckPathsExist(layout);
        return new CannedAnswers(layout, SynthesisePage(), id);
    }

    /// <summary>The shared folder: QIX_SHARED_DIR, else the one this assembly was built against.</summary>
    public static string DefaultSharedDir() =>
        Environment.GetEnvironmentVariable("QIX_SHARED_DIR") is { Length: > 0 } variable
            ? variable
            : typeof(CannedAnswers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QixSharedDir").Value!;

    /// <summary>A cell's qText: short, so that a cell takes the ~66.5 bytes that make the page 6.65 MB.</summary>
    public static string CellText(int row, int column) => $"V{row * PageColumns + column}";

    /// <summary>A cell's qText after the page patch <paramref name="variant"/> ("A" or "B"; null: unpatched).</summary>
    public static string PatchedCellText(int row, int column, string? variant) =>
        variant is null ? CellText(row, column) : $"{CellText(row, column)} {variant}";

    private static string ObjectReference(int handle, string id) =>
        $"{{\"qType\":\"GenericObject\",\"qHandle\":{handle},\"qGenericType\":\"table\",\"qGenericId\":\"{id}\"}}";

    private static string LayoutPatch(string total, double number, int selected) =>
        "[" + string.Join(",",
            Replace(s_layoutPaths[0], JsonSerializer.Serialize(total)),
            Replace(s_layoutPaths[1], number.ToString("R", CultureInfo.InvariantCulture)),
            Replace(s_layoutPaths[2], selected.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>A few cells change text (the engine sends replace operations on leaves).</summary>
    private static string PagePatch(string variant) =>
        "[" + string.Join(",", PatchedRows.Select(row =>
            Replace($"/0/qMatrix/{row}/{PatchedColumn}/qText", JsonSerializer.Serialize(PatchedCellText(row, PatchedColumn, variant))))) + "]";

    private static string Replace(string path, string valueJson) => $"{{\"op\":\"replace\",\"path\":\"{path}\",\"value\":{valueJson}}}";

    /// <summary>
    /// One page of a straight hypercube as the engine writes it: per cell qText, qNum, qElemNumber and qState, about
    /// 66 bytes a cell (6.65 MB for 10,000 x 10).
    /// </summary>
    private static byte[] SynthesisePage()
    {
        var json = new StringBuilder(PageRows * PageColumns * 70);
        json.Append("[{\"qMatrix\":[");
        var states = new[] { "O", "S", "X", "L" };
        for (var row = 0; row < PageRows; row++)
        {
            json.Append(row == 0 ? "[" : ",[");
            for (var column = 0; column < PageColumns; column++)
            {
                var n = row * PageColumns + column;
                json.Append(column == 0 ? "{" : ",{")
                    .Append("\"qText\":\"").Append(CellText(row, column))
                    .Append("\",\"qNum\":").Append((n * 0.25).ToString("R", CultureInfo.InvariantCulture))
                    .Append(",\"qElemNumber\":").Append(n)
                    .Append(",\"qState\":\"").Append(states[n % 4]).Append("\"}");
            }

            json.Append(']');
        }

        json.Append("],\"qTails\":[{\"qUp\":0,\"qDown\":0}],\"qArea\":{\"qLeft\":0,\"qTop\":0,\"qWidth\":")
            .Append(PageColumns).Append(",\"qHeight\":").Append(PageRows).Append("},\"qIsReduced\":false}]");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    private static void CollectLayouts(JsonElement element, List<JsonElement> layouts)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("qLayout") && property.Value.ValueKind == JsonValueKind.Object)
                {
                    layouts.Add(property.Value);
                }

                CollectLayouts(property.Value, layouts);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                CollectLayouts(item, layouts);
            }
        }
    }

    /// <summary>The patches name leaves of the recorded layout: fail at start, not in a client, if the recording changed.</summary>
    private static void CheckPathsExist(byte[] layout)
    {
        var root = JsonDocument.Parse(layout).RootElement;
        foreach (var path in s_layoutPaths)
        {
            var node = root;
            foreach (var token in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var found = node.ValueKind == JsonValueKind.Array
                    ? int.TryParse(token, out var index) && index < node.GetArrayLength() ? node[index] : (JsonElement?)null
                    : node.ValueKind == JsonValueKind.Object && node.TryGetProperty(token, out var child) ? child : null;
                node = found ?? throw new InvalidDataException($"The recorded layout has no {path}: the canned patches no longer fit it.");
            }
        }
    }
}

/// <summary>The tails (bytes after the id) of one call's responses in each delta form.</summary>
internal sealed class Answer
{
    private Answer(byte[] full, byte[] first, byte[][] patches, byte[] empty)
    {
        Full = full;
        First = first;
        Patches = patches;
        Empty = empty;
    }

    /// <summary><c>,"result":{"key":value}}</c>.</summary>
    public byte[] Full { get; }

    /// <summary><c>,"delta":true,"result":{"key":[{"op":"add","path":"/","value":value}]}}</c>: the first delta answer.</summary>
    public byte[] First { get; }

    /// <summary>Later delta answers with small patches, used in turn.</summary>
    public byte[][] Patches { get; }

    /// <summary><c>,"delta":true,"result":{"key":[]}}</c>: nothing changed (the engine's steady state).</summary>
    public byte[] Empty { get; }

    public static Answer Of(string key, string valueJson, params string[] patches)
    {
        var full = Tail(false, $"{{\"{key}\":{valueJson}}}");
        var first = Tail(true, $"{{\"{key}\":[{{\"op\":\"add\",\"path\":\"/\",\"value\":{valueJson}}}]}}");
        var empty = Tail(true, $"{{\"{key}\":[]}}");
        // A value that never changes answers later calls with an empty patch, as the engine does.
        var later = patches.Length == 0 ? new[] { empty } : patches.Select(p => Tail(true, $"{{\"{key}\":{p}}}")).ToArray();
        return new Answer(full, first, later, empty);
    }

    private static byte[] Tail(bool delta, string resultJson) =>
        Encoding.UTF8.GetBytes((delta ? ",\"delta\":true" : "") + ",\"result\":" + resultJson + "}");
}
