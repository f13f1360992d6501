using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Objects;
using QixGen.Raw;

namespace QixGen.Paging;

/// <summary>
/// Reads all rows of a hypercube or list object as an async stream, one engine call per page, each page at most
/// <see cref="QixPagingOptions.EngineMaxCellsPerCall"/> cells (page height = floor(cells / columns)). Memory is one
/// page at a time. The object-level reads are offered on generated GenericObject proxies (<see cref="IQixGenericObject"/>),
/// the reads by id or definition on the app (<see cref="IQixDoc"/>), for bindings of any schema version.
/// </summary>
/// <remarks>
/// The row count is read once from the layout when the enumeration starts. When selections change during the read the
/// engine pages the new data; the read stops early if the table shrank (never past its end). Enumerate once per call;
/// each enumeration is independent. Straight (qMode S), pivot (P, <c>GetHyperCubePivotData</c>) and stacked (K,
/// <c>GetHyperCubeStackData</c>) hypercubes and list objects; tree cubes (T) throw <see cref="NotSupportedException"/>.
/// Pivot and stacked rows are the leaves of the pages' node trees: see docs/helpers.md for their shape.
/// </remarks>
public static class QixDataPaging
{
    private static readonly DataKind s_hyperCube = new DataKind("GetHyperCubeData", "/qHyperCubeDef");
    private static readonly DataKind s_listObject = new DataKind("GetListObjectData", "/qListObjectDef");

    /// <summary>All rows of the object's hypercube (straight, pivot or stacked mode).</summary>
    /// <typeparam name="TObject">The generated GenericObject proxy type.</typeparam>
    /// <param name="genericObject">A generic object with a hypercube (at <see cref="QixPagingOptions.Path"/>).</param>
    /// <param name="options">Path, cells per call and progress; defaults when null.</param>
    /// <param name="cancellationToken">Stops the read (the call in flight is cancelled).</param>
    /// <returns>The rows in the engine's sort order.</returns>
    /// <exception cref="InvalidOperationException">The layout has no hypercube there, or it reports a calculation error (qError).</exception>
    /// <exception cref="NotSupportedException">Tree mode, or a straight table of more than 10,000 columns.</exception>
    public static IAsyncEnumerable<QixDataRow> ReadHyperCubeRowsAsync<TObject>(this TObject genericObject, QixPagingOptions? options = null, CancellationToken cancellationToken = default)
        where TObject : QixObject, IQixGenericObject =>
        ReadRowsAsync(genericObject ?? throw new ArgumentNullException(nameof(genericObject)), s_hyperCube, options?.Path ?? s_hyperCube.DefaultPath, options, cancellationToken);

    /// <summary>All rows (values) of the object's list object.</summary>
    /// <typeparam name="TObject">The generated GenericObject proxy type.</typeparam>
    /// <param name="genericObject">A generic object with a list object (at <see cref="QixPagingOptions.Path"/>).</param>
    /// <param name="options">Path, cells per call and progress; defaults when null.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>One single-cell row per value.</returns>
    public static IAsyncEnumerable<QixDataRow> ReadListObjectRowsAsync<TObject>(this TObject genericObject, QixPagingOptions? options = null, CancellationToken cancellationToken = default)
        where TObject : QixObject, IQixGenericObject =>
        ReadRowsAsync(genericObject ?? throw new ArgumentNullException(nameof(genericObject)), s_listObject, options?.Path ?? s_listObject.DefaultPath, options, cancellationToken);

    /// <summary>All rows of the hypercube of an existing object in the app (e.g. a table on a sheet), by id.</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="objectId">The object's id (<c>qInfo.qId</c>).</param>
    /// <param name="options">Path, cells per call and progress; defaults when null.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The rows.</returns>
    public static IAsyncEnumerable<QixDataRow> ReadHyperCubeRowsAsync<TDoc>(this TDoc doc, string objectId, QixPagingOptions? options = null, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc
    {
        QixTargets.RequireDoc(doc, nameof(doc));
        if (string.IsNullOrEmpty(objectId))
        {
            throw new ArgumentException("An object id is required.", nameof(objectId));
        }

        return ReadExistingAsync(doc, objectId, s_hyperCube, options, cancellationToken);
    }

    /// <summary>
    /// All rows of a hypercube defined by <paramref name="hyperCubeDefJson"/> (a <c>qHyperCubeDef</c> as JSON): a session
    /// object is created for the read and destroyed when the enumeration ends (completed, cancelled or disposed).
    /// </summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="hyperCubeDefJson">The definition, e.g. serialized from the generated <c>HyperCubeDef</c>.</param>
    /// <param name="options">Cells per call and progress (the path is the created object's <c>/qHyperCubeDef</c>).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The rows.</returns>
    public static IAsyncEnumerable<QixDataRow> ReadHyperCubeRowsFromDefinitionAsync<TDoc>(this TDoc doc, string hyperCubeDefJson, QixPagingOptions? options = null, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc
    {
        QixTargets.RequireDoc(doc, nameof(doc));
        if (hyperCubeDefJson is null)
        {
            throw new ArgumentNullException(nameof(hyperCubeDefJson));
        }

        QixRawCall.RequireJson(hyperCubeDefJson, nameof(hyperCubeDefJson));
        return ReadFromDefinitionAsync(doc, hyperCubeDefJson, s_hyperCube, options, cancellationToken);
    }

    /// <summary>All values of the list object of an existing object in the app (e.g. a filter pane's listbox), by id.</summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="objectId">The object's id (<c>qInfo.qId</c>).</param>
    /// <param name="options">Path, cells per call and progress; defaults when null.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>One single-cell row per value.</returns>
    public static IAsyncEnumerable<QixDataRow> ReadListObjectRowsAsync<TDoc>(this TDoc doc, string objectId, QixPagingOptions? options = null, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc
    {
        QixTargets.RequireDoc(doc, nameof(doc));
        if (string.IsNullOrEmpty(objectId))
        {
            throw new ArgumentException("An object id is required.", nameof(objectId));
        }

        return ReadExistingAsync(doc, objectId, s_listObject, options, cancellationToken);
    }

    /// <summary>
    /// All values of a list object defined by <paramref name="listObjectDefJson"/> (a <c>qListObjectDef</c> as JSON), through
    /// a session object destroyed when the enumeration ends.
    /// </summary>
    /// <typeparam name="TDoc">The generated Doc proxy type.</typeparam>
    /// <param name="doc">The app.</param>
    /// <param name="listObjectDefJson">The definition, e.g. <c>{"qDef":{"qFieldDefs":["Country"]}}</c>.</param>
    /// <param name="options">Cells per call and progress (the path is the created object's <c>/qListObjectDef</c>).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>One single-cell row per value.</returns>
    public static IAsyncEnumerable<QixDataRow> ReadListObjectRowsFromDefinitionAsync<TDoc>(this TDoc doc, string listObjectDefJson, QixPagingOptions? options = null, CancellationToken cancellationToken = default)
        where TDoc : QixObject, IQixDoc
    {
        QixTargets.RequireDoc(doc, nameof(doc));
        if (listObjectDefJson is null)
        {
            throw new ArgumentNullException(nameof(listObjectDefJson));
        }

        QixRawCall.RequireJson(listObjectDefJson, nameof(listObjectDefJson));
        return ReadFromDefinitionAsync(doc, listObjectDefJson, s_listObject, options, cancellationToken);
    }

    private static async IAsyncEnumerable<QixDataRow> ReadExistingAsync(QixObject doc, string objectId, DataKind kind, QixPagingOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var target = await QixRawCall.InvokeForObjectAsync(doc, "GetObject", w => w.WriteStringValue(objectId), cancellationToken).ConfigureAwait(false);
        await foreach (var row in ReadRowsAsync(target, kind, options?.Path ?? kind.DefaultPath, options, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    private static async IAsyncEnumerable<QixDataRow> ReadFromDefinitionAsync(QixObject doc, string definitionJson, DataKind kind, QixPagingOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var created = await QixRawCall.InvokeForObjectAsync(doc, "CreateSessionObject", w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("qInfo");
            w.WriteString("qType", "qixgen-rows");
            w.WriteEndObject();
            w.WritePropertyName(kind.DefaultPath.Substring(1));
            w.WriteRawValue(definitionJson, skipInputValidation: true); // validated when the read was set up
            w.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var row in ReadRowsAsync(created, kind, kind.DefaultPath, options, cancellationToken).ConfigureAwait(false))
            {
                yield return row;
            }
        }
        finally
        {
            await QixTargets.DestroySessionObjectAsync(doc, created).ConfigureAwait(false);
        }
    }

    private static async IAsyncEnumerable<QixDataRow> ReadRowsAsync(QixObject target, DataKind kind, string path, QixPagingOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var layout = await QixRawCall.GetLayoutAsync(target, cancellationToken).ConfigureAwait(false);
        var shape = ReadShape(target, layout, path, kind == s_hyperCube);
        var rows = shape.Mode switch
        {
            "P" => PivotRows.ReadAsync(target, path, shape.Width, shape.Total, options, cancellationToken),
            "K" => StackRows.ReadAsync(target, path, shape.Width, shape.Total, shape.Dimensions, options, cancellationToken),
            _ => ReadStraightAsync(target, kind, path, shape, options, cancellationToken),
        };
        await foreach (var row in rows.ConfigureAwait(false))
        {
            yield return row;
        }
    }

    private static async IAsyncEnumerable<QixDataRow> ReadStraightAsync(QixObject target, DataKind kind, string path, Shape shape, QixPagingOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var maxCells = options?.MaxCellsPerCall ?? QixPagingOptions.EngineMaxCellsPerCall;
        var (width, total) = (shape.Width, shape.Total);
        options?.Progress?.Report(new QixPagingProgress(0, total));
        if (width == 0 || total == 0)
        {
            yield break;
        }

        if (width > maxCells)
        {
            throw new NotSupportedException($"{target} has {width} columns: one row is more than {maxCells} cells, the most one call may fetch.");
        }

        var dimensions = kind == s_hyperCube ? shape.Dimensions : 1;
        var pageHeight = maxCells / width;
        var read = 0;
        while (read < total)
        {
            var top = read;
            var height = Math.Min(pageHeight, total - read);
            var result = await QixRawCall.InvokeAsync(target, kind.Method, w => WritePage(w, path, 0, top, width, height), cancellationToken).ConfigureAwait(false);
            var matrix = JsonRead.Array(JsonRead.AtPointer(result, "/qDataPages/0"), "qMatrix");
            if (matrix.ValueKind != JsonValueKind.Array || matrix.GetArrayLength() == 0)
            {
                yield break; // the table shrank under us (selections changed): nothing past its new end
            }

            foreach (var rowJson in matrix.EnumerateArray())
            {
                var cells = new List<QixCell>(width);
                foreach (var cell in rowJson.EnumerateArray())
                {
                    cells.Add(new QixCell(cell));
                }

                yield return new QixDataRow(read++, cells, dimensions);
            }

            options?.Progress?.Report(new QixPagingProgress(read, total));
        }
    }

    private static Shape ReadShape(QixObject target, JsonElement layout, string path, bool isHyperCube)
    {
        var layoutPath = path.EndsWith("Def", StringComparison.Ordinal) ? path.Substring(0, path.Length - 3) : path;
        var data = JsonRead.AtPointer(layout, layoutPath);
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"The layout of {target} has no {layoutPath} (the object's definition is not at {path}).");
        }

        var error = JsonRead.Object(data, "qError");
        if (error.ValueKind == JsonValueKind.Object)
        {
            throw new InvalidOperationException($"The engine could not calculate {layoutPath} of {target}: error {JsonRead.Int(error, "qErrorCode")} ({JsonRead.String(error, "qContext")}).");
        }

        var mode = isHyperCube ? JsonRead.String(data, "qMode") ?? "S" : "S";
        if (mode is not ("S" or "P" or "K"))
        {
            throw new NotSupportedException(
                $"The hypercube of {target} is in mode {mode} (T tree, D dynamic): its pages are node trees paged by node, not by row. " +
                "Read it with GetHyperCubeTreeData, or define it with qMode S, P or K.");
        }

        var size = JsonRead.Object(data, "qSize");
        var dimensionInfo = JsonRead.Array(data, "qDimensionInfo");
        var dimensions = dimensionInfo.ValueKind == JsonValueKind.Array ? dimensionInfo.GetArrayLength() : 0;
        return new Shape(mode, JsonRead.Int(size, "qcx"), JsonRead.Int(size, "qcy"), dimensions);
    }

    /// <summary>Writes the parameters of a data call: the path and one page.</summary>
    internal static void WritePage(Utf8JsonWriter writer, string path, int left, int top, int width, int height)
    {
        writer.WriteStringValue(path);
        writer.WriteStartArray();
        writer.WriteStartObject();
        writer.WriteNumber("qLeft", left);
        writer.WriteNumber("qTop", top);
        writer.WriteNumber("qWidth", width);
        writer.WriteNumber("qHeight", height);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <summary>What the layout says about the data: its mode, size (qcx columns, qcy rows) and dimension count.</summary>
    private readonly struct Shape
    {
        public Shape(string mode, int width, int total, int dimensions)
        {
            Mode = mode;
            Width = width;
            Total = total;
            Dimensions = dimensions;
        }

        public string Mode { get; }

        public int Width { get; }

        public int Total { get; }

        public int Dimensions { get; }
    }

    /// <summary>A hypercube or a list object: the data method and the definition's usual place.</summary>
    private sealed class DataKind
    {
        public DataKind(string method, string defaultPath)
        {
            Method = method;
            DefaultPath = defaultPath;
        }

        public string Method { get; }

        public string DefaultPath { get; }
    }
}
