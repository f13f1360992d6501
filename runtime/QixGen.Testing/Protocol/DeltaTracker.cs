using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace QixGen.Testing.Protocol;

/// <summary>
/// The engine side of the delta protocol: the last value sent with <c>"delta": true</c> per (handle, method,
/// out key), and the patch that turns it into the next. A first value is sent as the engine does,
/// <c>[{"op":"add","path":"/","value":...}]</c> (Qlik's pointer dialect: <c>"/"</c> is the whole value).
/// </summary>
internal sealed class DeltaTracker
{
    private readonly Dictionary<(int Handle, string Method, string OutKey), JsonNode?> _sent =
        new Dictionary<(int Handle, string Method, string OutKey), JsonNode?>();

    /// <summary>Rewrites every out value of <paramref name="result"/> into its patch.</summary>
    public JsonObject ToPatches(int handle, string method, JsonObject result)
    {
        var patched = new JsonObject();
        foreach (var (key, value) in result)
        {
            var entry = (handle, method, key);
            JsonArray patch;
            if (_sent.TryGetValue(entry, out var previous))
            {
                patch = JsonDiff.Diff(previous, value);
            }
            else
            {
                patch = new JsonArray(JsonDiff.Operation("add", "/", value, includeValue: true));
            }

            _sent[entry] = value?.DeepClone();
            patched[key] = patch;
        }

        return patched;
    }

    /// <summary>Forgets a closed handle's values (a handle number is never reused in a session, but keep it small).</summary>
    public void Forget(int handle)
    {
        var stale = new List<(int, string, string)>();
        foreach (var key in _sent.Keys)
        {
            if (key.Handle == handle)
            {
                stale.Add(key);
            }
        }

        foreach (var key in stale)
        {
            _sent.Remove(key);
        }
    }
}
