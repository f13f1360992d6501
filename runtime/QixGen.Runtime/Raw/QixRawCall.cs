using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Objects;
using QixGen.Protocol;
using QixGen.Serialization;

namespace QixGen.Raw;

/// <summary>
/// Calls an engine method on any proxy by name and returns its result as JSON. The helpers (lists, paging) use it so
/// they work with whatever bindings (and schema version) a project generated: they need only <see cref="QixObject"/>.
/// </summary>
internal static class QixRawCall
{
    private static readonly QixResultReader<JsonElement> s_readJson = ReadJson;

    /// <summary>Sends <paramref name="method"/> on <paramref name="target"/>'s handle with the parameters <paramref name="writeParameters"/> writes.</summary>
    /// <returns>The whole <c>result</c> object, detached from the response buffer.</returns>
    public static Task<JsonElement> InvokeAsync(QixObject target, string method, Action<Utf8JsonWriter>? writeParameters, CancellationToken cancellationToken)
    {
        if (target is null)
        {
            throw new ArgumentNullException(nameof(target));
        }

        if (target.IsClosedAlone)
        {
            return Task.FromException<JsonElement>(new QixObjectClosedException(target.Reference.ToString()));
        }

        ReadOnlyMemory<byte> parameters;
        if (writeParameters is null)
        {
            parameters = QixParamsWriter.Empty;
        }
        else
        {
            var writer = QixParamsWriter.Rent();
            writeParameters(writer.Json);
            parameters = writer.Complete();
        }

        return target.Session.InvokeAsync(new QixRequest(target.Handle, method, parameters), s_readJson, cancellationToken);
    }

    /// <summary>Sends a method that returns an object (<c>qReturn</c>) and gives back its proxy (a plain <see cref="QixObject"/> unless the session knows a typed one).</summary>
    public static Task<QixObject> InvokeForObjectAsync(QixObject target, string method, Action<Utf8JsonWriter> writeParameters, CancellationToken cancellationToken)
    {
        if (target.IsClosedAlone)
        {
            return Task.FromException<QixObject>(new QixObjectClosedException(target.Reference.ToString()));
        }

        var writer = QixParamsWriter.Rent();
        writeParameters(writer.Json);
        return target.Session.InvokeAsync(new QixRequest(target.Handle, method, writer.Complete()), ReadObject, cancellationToken);
    }

    /// <summary>The object's layout (<c>GetLayout</c>'s <c>qLayout</c>).</summary>
    public static async Task<JsonElement> GetLayoutAsync(QixObject target, CancellationToken cancellationToken)
    {
        var result = await InvokeAsync(target, "GetLayout", null, cancellationToken).ConfigureAwait(false);
        return result.TryGetProperty("qLayout", out var layout)
            ? layout
            : throw new QixProtocolException($"GetLayout on {target} returned no qLayout.");
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="json"/> is one JSON value (a definition the caller built).</summary>
    public static void RequireJson(string json, string parameterName)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{parameterName} is not valid JSON: {e.Message}", parameterName, e);
        }
    }

    private static JsonElement ReadJson(ref Utf8JsonReader reader, IQixSession session)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.Clone();
    }

    private static QixObject ReadObject(ref Utf8JsonReader reader, IQixSession session)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        if (!document.RootElement.TryGetProperty("qReturn", out var handed) || handed.ValueKind != JsonValueKind.Object ||
            !handed.TryGetProperty("qHandle", out var handleElement) || handleElement.ValueKind != JsonValueKind.Number)
        {
            throw new QixProtocolException("The engine's answer has no qReturn object with a qHandle.");
        }

        var reference = new QixObjectReference(
            JsonRead.String(handed, "qType") ?? "GenericObject",
            handleElement.GetInt32(),
            JsonRead.String(handed, "qGenericType"),
            JsonRead.String(handed, "qGenericId"));
        return session.GetOrCreateObject(reference, static (s, r) => new QixObject(s, r));
    }
}
