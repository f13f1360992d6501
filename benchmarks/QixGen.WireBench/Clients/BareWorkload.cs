using System;
using System.Buffers;
using System.Text.Json;
using System.Threading.Tasks;
using QixGen.WireBench.Engine;

namespace QixGen.WireBench.Clients;

/// <summary>
/// What every bare floor client does around its transport: the request it writes, the calls that open the Doc and
/// the object, the workload's call and the check of the last answer. A floor client only supplies one call
/// (send a request, return its parsed answer).
/// </summary>
internal static class BareWorkload
{
    /// <summary>One call: handle, method and the params as raw JSON; the parsed answer (the caller disposes it).</summary>
    public delegate Task<JsonDocument> Call(int handle, string method, string parameters);

    /// <summary>The JSON-RPC request of one call, written with Utf8JsonWriter as any client must.</summary>
    public static ArrayBufferWriter<byte> WriteRequest(int id, int handle, string method, string parameters)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + parameters.Length);
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteNumber("id", id);
        writer.WriteString("method", method);
        writer.WriteNumber("handle", handle);
        writer.WritePropertyName("params");
        writer.WriteRawValue(parameters, skipInputValidation: true);
        writer.WriteEndObject();
        writer.Flush();
        return buffer;
    }

    /// <summary>Opens the Doc and the workload's object, then runs the workload through <see cref="WorkloadDriver"/>.</summary>
    public static async Task<ClientResult> RunAsync(Scenario scenario, RunSettings settings, Call call)
    {
        using var doc = await call(-1, "OpenDoc", $"[\"{CannedAnswers.DocId}\"]").ConfigureAwait(false);
        var docHandle = Handle(doc);
        if (scenario.Workload == Workload.Page)
        {
            using var cube = await call(docHandle, "GetObject", $"[\"{CannedAnswers.PageObjectId}\"]").ConfigureAwait(false);
            var handle = Handle(cube);
            var parameters = $"[\"/qHyperCubeDef\",[{{\"qTop\":0,\"qLeft\":0,\"qWidth\":{CannedAnswers.PageColumns},\"qHeight\":{CannedAnswers.PageRows}}}]]";
            return await WorkloadDriver.RunAsync(scenario, settings, () => CallAndReleaseAsync(call, handle, "GetHyperCubeData", parameters),
                () => CallAndDescribeAsync(call, handle, "GetHyperCubeData", parameters, DescribePage)).ConfigureAwait(false);
        }

        using var table = await call(docHandle, "GetObject", $"[\"{CannedAnswers.LayoutObjectId}\"]").ConfigureAwait(false);
        var tableHandle = Handle(table);
        return await WorkloadDriver.RunAsync(scenario, settings, () => CallAndReleaseAsync(call, tableHandle, "GetLayout", "[]"),
            () => CallAndDescribeAsync(call, tableHandle, "GetLayout", "[]", DescribeLayout)).ConfigureAwait(false);
    }

    private static int Handle(JsonDocument answer) => answer.RootElement.GetProperty("result").GetProperty("qReturn").GetProperty("qHandle").GetInt32();

    private static string DescribeLayout(JsonElement result)
    {
        var layout = result.GetProperty("qLayout");
        return AnswerCheck.Layout(layout.GetProperty("qInfo").GetProperty("qId").GetString(),
            layout.GetProperty("qHyperCube").GetProperty("qGrandTotalRow")[0].GetProperty("qText").GetString());
    }

    private static string DescribePage(JsonElement result)
    {
        var matrix = result.GetProperty("qDataPages")[0].GetProperty("qMatrix");
        return AnswerCheck.Page(matrix.GetArrayLength(), matrix[0].GetArrayLength(), matrix[0][0].GetProperty("qText").GetString(),
            matrix[AnswerCheck.PatchedRow][AnswerCheck.PatchedColumn].GetProperty("qText").GetString());
    }

    private static async Task CallAndReleaseAsync(Call call, int handle, string method, string parameters)
    {
        using var answer = await call(handle, method, parameters).ConfigureAwait(false);
    }

    private static async Task<string> CallAndDescribeAsync(Call call, int handle, string method, string parameters, Func<JsonElement, string> describe)
    {
        using var answer = await call(handle, method, parameters).ConfigureAwait(false);
        return describe(answer.RootElement.GetProperty("result"));
    }
}
