using System.Collections.Generic;
using System.Globalization;
using QixGen.Generator.Json;

namespace QixGen.Generator.Parsing;

/// <summary>
/// Types an enigma.js parameter from its <c>DefaultValue</c> sample, when no OpenRPC spec knows it (rules in
/// docs/enigmajs.md): string, boolean, integer (int32, or int64 beyond it), number (a fraction or exponent),
/// array of the first item's type; objects, null and a missing sample stay free JSON, since one sample
/// cannot tell which of the engine's types it is.
/// </summary>
internal static class EnigmaJsTypeInference
{
    public static JsonObjectNode SchemaOf(JsonNode? sample, TextPosition at)
    {
        var schema = new JsonObjectNode(sample?.Position ?? at);
        switch (sample)
        {
            case JsonStringNode:
                Type(schema, "string");
                break;
            case JsonLiteralNode { Kind: JsonLiteralKind.True or JsonLiteralKind.False }:
                Type(schema, "boolean");
                break;
            case JsonNumberNode number:
                if (long.TryParse(number.Raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    Type(schema, "integer");
                    if (integer is < int.MinValue or > int.MaxValue)
                    {
                        schema.Add(new JsonProperty("format", schema.Position, new JsonStringNode(schema.Position, "int64")));
                    }
                }
                else
                {
                    Type(schema, "number");
                }

                break;
            case JsonArrayNode array:
                Type(schema, "array");
                if (array.Items.Count > 0)
                {
                    schema.Add(new JsonProperty("items", array.Position, SchemaOf(array.Items[0], array.Position)));
                }

                break;
            default:
                break; // object, null or no sample: no type, which the parser keeps as free JSON
        }

        return schema;
    }

    private static void Type(JsonObjectNode schema, string type) =>
        schema.Add(new JsonProperty("type", schema.Position, new JsonStringNode(schema.Position, type)));
}
