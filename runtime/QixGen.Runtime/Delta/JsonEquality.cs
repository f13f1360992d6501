using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QixGen.Delta;

/// <summary>
/// JSON equality as RFC 6902 section 4.6 defines it for <c>test</c>: same type; strings by code points;
/// numbers by value (<c>1</c>, <c>1.0</c> and <c>1e0</c> are equal); arrays element by element; objects by
/// member set regardless of order; literals by value.
/// </summary>
internal static class JsonEquality
{
    /// <summary>Whether two JSON values are equal.</summary>
    public static bool DeepEquals(JsonNode? left, JsonNode? right)
    {
        var leftKind = KindOf(left);
        if (leftKind != KindOf(right))
        {
            return false;
        }

        switch (leftKind)
        {
            case JsonValueKind.Object:
                return ObjectsEqual((JsonObject)left!, (JsonObject)right!);
            case JsonValueKind.Array:
                return ArraysEqual((JsonArray)left!, (JsonArray)right!);
            case JsonValueKind.String:
                return string.Equals(left!.GetValue<string>(), right!.GetValue<string>(), StringComparison.Ordinal);
            case JsonValueKind.Number:
                return JsonNumberEquality.AreEqual(NumberText(left!), NumberText(right!));
            default:
                // null, true, false: the kind is the value.
                return true;
        }
    }

    private static JsonValueKind KindOf(JsonNode? node) => node is null ? JsonValueKind.Null : node.GetValueKind();

    private static bool ObjectsEqual(JsonObject left, JsonObject right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, JsonNode?> member in left)
        {
            if (!right.TryGetPropertyValue(member.Key, out var other) || !DeepEquals(member.Value, other))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ArraysEqual(JsonArray left, JsonArray right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!DeepEquals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The number as written in the JSON it was parsed from, so no precision is lost to a double.</summary>
    private static string NumberText(JsonNode number) =>
        number.AsValue().TryGetValue(out JsonElement element) ? element.GetRawText() : number.ToJsonString();
}
