using System.Text.Json;
using System.Text.Json.Nodes;

namespace QixGen.Testing.Protocol;

/// <summary>One parsed JSON-RPC request frame.</summary>
internal sealed class RpcRequest
{
    private RpcRequest(JsonNode? id, string method, int handle, JsonNode? parameters, bool delta)
    {
        Id = id;
        Method = method;
        Handle = handle;
        Params = parameters;
        Delta = delta;
    }

    /// <summary>The request id as sent (a number, normally); null for a notification.</summary>
    public JsonNode? Id { get; }

    /// <summary>The id as an integer, for CancelRequest and GetProgress; -1 when not numeric.</summary>
    public int NumericId => Id is JsonValue v && v.TryGetValue<int>(out var n) ? n : -1;

    public string Method { get; }

    public int Handle { get; }

    /// <summary>Positional (array) or named (object) parameters, or null.</summary>
    public JsonNode? Params { get; }

    public bool Delta { get; }

    /// <summary>Parses a frame; throws <see cref="QixRpcException"/> with the JSON-RPC code for a bad frame.</summary>
    public static RpcRequest Parse(byte[] utf8)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8);
        }
        catch (JsonException)
        {
            throw new QixRpcException(LocErrors.JsonRpcParseError, "JSON parse error");
        }

        if (node is not JsonObject frame || frame["method"] is not JsonValue methodValue || !methodValue.TryGetValue<string>(out var method))
        {
            throw new QixRpcException(LocErrors.JsonRpcInvalidRequest, "Invalid JSON request");
        }

        var handle = frame["handle"] is JsonValue h && h.TryGetValue<int>(out var parsedHandle) ? parsedHandle : -1;
        var delta = frame["delta"] is JsonValue d && d.TryGetValue<bool>(out var parsedDelta) && parsedDelta;
        return new RpcRequest(frame["id"]?.DeepClone(), method, handle, frame["params"]?.DeepClone(), delta);
    }
}
