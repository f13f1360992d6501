using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QixGen.Testing.Protocol;

/// <summary>
/// A request's parameters bound to the schema's parameter names: positional params by index, named params by
/// their q-prefixed name (the engine accepts both).
/// </summary>
internal sealed class RpcParams
{
    private readonly Dictionary<string, JsonNode?> _values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);

    public RpcParams(JsonNode? parameters, IReadOnlyList<string> names)
    {
        if (parameters is JsonArray positional)
        {
            for (var i = 0; i < positional.Count && i < names.Count; i++)
            {
                _values[names[i]] = positional[i];
            }
        }
        else if (parameters is JsonObject named)
        {
            foreach (var name in names)
            {
                if (named.TryGetPropertyValue(name, out var value))
                {
                    _values[name] = value;
                }
            }
        }
    }

    public bool Has(string name) => _values.TryGetValue(name, out var v) && v is not null;

    public JsonNode? Node(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public JsonNode Required(string name) => Node(name) ?? throw QixRpcException.InvalidParameters(name);

    public string String(string name) => Str(name) ?? throw QixRpcException.InvalidParameters(name);

    public string? Str(string name, string? fallback = null) => Node(name) switch
    {
        null => fallback,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => throw QixRpcException.InvalidParameters(name),
    };

    public bool Bool(string name, bool fallback = false) => Node(name) switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<int>(out var n) => n != 0,
        _ => throw QixRpcException.InvalidParameters(name),
    };

    public int Int(string name, int fallback = 0) => Node(name) switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<int>(out var n) => n,
        JsonValue v when v.TryGetValue<double>(out var d) => (int)d,
        _ => throw QixRpcException.InvalidParameters(name),
    };

    public double Double(string name) => Required(name) switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var p) => p,
        _ => throw QixRpcException.InvalidParameters(name),
    };

    public JsonObject Object(string name) => Required(name) as JsonObject ?? throw QixRpcException.InvalidParameters(name);

    public JsonArray Array(string name) => Required(name) as JsonArray ?? throw QixRpcException.InvalidParameters(name);

    public List<int> IntList(string name)
    {
        var list = new List<int>();
        foreach (var item in Array(name))
        {
            list.Add(item is JsonValue v && v.TryGetValue<int>(out var n) ? n : throw QixRpcException.InvalidParameters(name));
        }

        return list;
    }
}
