using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Protocol;
using QixGen.Session;

namespace QixGen.Runtime.Tests;

/// <summary>Raw calls whose answer is <c>{"qReturn": string}</c>: the engine echoes the argument, so a misrouted answer shows by content.</summary>
internal static class EchoCalls
{
    /// <summary>Reads <c>{"qReturn": string}</c>.</summary>
    public static readonly QixResultReader<string> ReadString = static (ref Utf8JsonReader reader, IQixSession _) =>
    {
        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isReturn = reader.ValueTextEquals("qReturn"u8);
            reader.Read();
            if (isReturn) value = reader.GetString();
            else reader.Skip();
        }

        return value ?? throw new JsonException("no qReturn");
    };

    /// <summary>Calls <paramref name="method"/> on handle -1 with one string argument.</summary>
    public static Task<string> Call(QixSession session, string method, string argument, CancellationToken cancellationToken = default) =>
        session.InvokeAsync(new QixRequest(-1, method, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { argument }))), ReadString, cancellationToken);

    /// <summary>The scripted engine's answer that echoes a request's first parameter.</summary>
    public static string Echo(JsonElement request) =>
        ScriptedEngine.Result(request, $"{{\"qReturn\":{request.GetProperty("params")[0].GetRawText()}}}");
}
