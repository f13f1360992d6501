using System;
using System.Collections.Generic;
using System.IO;
using QixGen.Generator.Json;

namespace QixGen.Generator.Parsing;

/// <summary>
/// Reads the enigma.js schema format (<c>structs</c>: service -> method -> <c>In</c>/<c>Out</c> lists; <c>enums</c>)
/// by rewriting it into the OpenRPC shape <see cref="OpenRpcParser"/> reads, so both formats share one parser,
/// one set of naming rules and one emitter. The enigma.js file decides which services, methods and parameters
/// exist; an OpenRPC spec given with it (<c>TypesFrom</c>) supplies types, results, docs and lifecycle marks for
/// every method, parameter and type both know; anything else is typed by <see cref="EnigmaJsTypeInference"/>.
/// Rules: docs/enigmajs.md.
/// </summary>
internal static class EnigmaJsSchema
{
    private const string ObjectInterfaceRef = "#/components/schemas/ObjectInterface";

    // Lifecycle and doc keys of an OpenRPC method that carry over to the enigma.js method of the same name.
    private static readonly string[] s_methodMarks = { "description", "x-qlik-deprecated", "x-qlik-deprecation-description", "x-qlik-stability" };

    /// <summary>True for a file in the enigma.js schema format.</summary>
    public static bool IsEnigmaJs(JsonObjectNode root) => root.Get("structs") is JsonObjectNode && root.Get("openrpc") is null;

    /// <summary>
    /// The OpenRPC-shaped document for <paramref name="enigma"/> (the file at <paramref name="path"/>).
    /// <paramref name="types"/>: the root of the TypesFrom OpenRPC spec, or null to infer every type.
    /// <paramref name="handleMethods"/>: <c>Service.Method</c> names known to return a remote object (the overlays):
    /// enigma.js lists no out value for them, so without a spec they get a <c>qReturn</c> handle.
    /// </summary>
    public static JsonObjectNode ToOpenRpc(string path, JsonObjectNode enigma, JsonObjectNode? types, ICollection<string> handleMethods)
    {
        var at = enigma.Position;
        var specMethods = new Dictionary<string, JsonObjectNode>(StringComparer.Ordinal);
        if (types?.Get("methods") is JsonArrayNode typedMethods)
        {
            foreach (var item in typedMethods.Items)
            {
                if (item is JsonObjectNode method && method.GetString("name") is { } name)
                {
                    specMethods[name] = method;
                }
            }
        }

        var schemas = new JsonObjectNode(at);
        var specSchemas = (types?.Get("components") as JsonObjectNode)?.Get("schemas") as JsonObjectNode;
        if (specSchemas is not null)
        {
            foreach (var property in specSchemas.Properties)
            {
                schemas.Add(property);
            }
        }

        if (schemas.Get("ObjectInterface") is null)
        {
            schemas.Add(new JsonProperty("ObjectInterface", at, ObjectInterfaceSchema(at)));
        }

        if (enigma.Get("enums") is JsonObjectNode enums)
        {
            foreach (var property in enums.Properties)
            {
                if (schemas.Get(property.Name) is null && property.Value is JsonObjectNode members)
                {
                    schemas.Add(new JsonProperty(property.Name, property.NamePosition, EnumSchema(members)));
                }
            }
        }

        var methods = new List<JsonNode>();
        foreach (var service in ((JsonObjectNode)enigma.Get("structs")!).Properties)
        {
            if (service.Value is not JsonObjectNode serviceMethods)
            {
                continue; // not a service: nothing to generate from it
            }

            foreach (var method in serviceMethods.Properties)
            {
                var fullName = service.Name + "." + method.Name;
                specMethods.TryGetValue(fullName, out var spec);
                methods.Add(Method(fullName, method, method.Value as JsonObjectNode, spec, handleMethods.Contains(fullName)));
            }
        }

        var root = new JsonObjectNode(at);
        root.Add(Prop("openrpc", new JsonStringNode(at, "1.0.0")));
        var info = new JsonObjectNode(at);
        info.Add(Prop("version", new JsonStringNode(at, Version(path, enigma))));
        root.Add(Prop("info", info));
        root.Add(Prop("methods", new JsonArrayNode(at, methods)));
        var components = new JsonObjectNode(at);
        components.Add(Prop("schemas", schemas));
        root.Add(Prop("components", components));
        return root;
    }

    /// <summary>The release: the file's <c>version</c> (older files), else its name (12.2027.0.json -> 12.2027.0).</summary>
    private static string Version(string path, JsonObjectNode enigma) =>
        enigma.GetString("version") is { Length: > 0 } version ? version : Path.GetFileNameWithoutExtension(path);

    private static JsonObjectNode Method(string fullName, JsonProperty source, JsonObjectNode? node, JsonObjectNode? spec, bool returnsHandle)
    {
        var at = source.NamePosition;
        var method = new JsonObjectNode(at);
        method.Add(Prop("name", new JsonStringNode(at, fullName)));
        if (spec is not null)
        {
            foreach (var key in s_methodMarks)
            {
                if (spec.Get(key) is { } mark)
                {
                    method.Add(Prop(key, mark));
                }
            }
        }

        var specParams = new Dictionary<string, JsonObjectNode>(StringComparer.Ordinal);
        if (spec?.Get("params") is JsonArrayNode specParamList)
        {
            foreach (var item in specParamList.Items)
            {
                if (item is JsonObjectNode p && p.GetString("name") is { } name)
                {
                    specParams[name] = p;
                }
            }
        }

        var parameters = new List<JsonNode>();
        foreach (var item in (node?.Get("In") as JsonArrayNode)?.Items ?? Array.Empty<JsonNode>())
        {
            if (item is not JsonObjectNode input || input.GetString("Name") is not { } name)
            {
                parameters.Add(item); // the parser reports a parameter without a name, at this spot
                continue;
            }

            var parameter = new JsonObjectNode(item.Position);
            parameter.Add(Prop("name", new JsonStringNode(item.Position, name)));
            specParams.TryGetValue(name, out var specParam);
            if (specParam?.Get("description") is { } description)
            {
                parameter.Add(Prop("description", description));
            }

            if (!input.GetBool("Optional"))
            {
                parameter.Add(Prop("required", new JsonLiteralNode(item.Position, JsonLiteralKind.True)));
            }

            parameter.Add(Prop("schema", specParam?.Get("schema") as JsonObjectNode ?? EnigmaJsTypeInference.SchemaOf(input.Get("DefaultValue"), item.Position)));
            parameters.Add(parameter);
        }

        method.Add(Prop("params", new JsonArrayNode(at, parameters)));
        var outs = Outputs(node?.Get("Out") as JsonArrayNode, spec, returnsHandle, at);
        var schema = new JsonObjectNode(at);
        schema.Add(Prop("type", new JsonStringNode(at, "object")));
        schema.Add(Prop("properties", outs));
        var result = new JsonObjectNode(at);
        result.Add(Prop("name", new JsonStringNode(at, "result")));
        result.Add(Prop("schema", schema));
        method.Add(Prop("result", result));
        return method;
    }

    /// <summary>
    /// The out values. enigma.js never lists <c>qReturn</c> (a handle or a plain value), so: with a spec that knows the
    /// method, the spec's outs (all of them when enigma.js lists none, else those it lists plus <c>qReturn</c>);
    /// without one, the listed outs as free JSON plus <c>qReturn</c>: a handle when an overlay names the method,
    /// else free JSON when enigma.js lists nothing (absent in a reply, it reads as an undefined JsonElement).
    /// </summary>
    private static JsonObjectNode Outputs(JsonArrayNode? enigmaOuts, JsonObjectNode? spec, bool returnsHandle, TextPosition at)
    {
        var specOuts = ((spec?.Get("result") as JsonObjectNode)?.Get("schema") as JsonObjectNode)?.Get("properties") as JsonObjectNode;
        var listed = new List<(string Name, TextPosition At)>();
        foreach (var item in enigmaOuts?.Items ?? Array.Empty<JsonNode>())
        {
            if (item is JsonObjectNode output && output.GetString("Name") is { } name)
            {
                listed.Add((name, item.Position));
            }
        }

        if (specOuts is not null && listed.Count == 0)
        {
            return specOuts;
        }

        var outs = new JsonObjectNode(at);
        if (specOuts is not null)
        {
            foreach (var property in specOuts.Properties)
            {
                if (property.Name == "qReturn" || listed.Exists(l => l.Name == property.Name))
                {
                    outs.Add(property);
                }
            }
        }

        foreach (var (name, position) in listed)
        {
            if (outs.Get(name) is null)
            {
                outs.Add(new JsonProperty(name, position, new JsonObjectNode(position)));
            }
        }

        if (specOuts is null && (returnsHandle || listed.Count == 0) && outs.Get("qReturn") is null)
        {
            var value = new JsonObjectNode(at);
            if (returnsHandle)
            {
                value.Add(Prop("$ref", new JsonStringNode(at, ObjectInterfaceRef)));
            }

            outs.Add(Prop("qReturn", value));
        }

        return outs;
    }

    /// <summary>An enigma.js enum (<c>NAME: number</c>) as an OpenRPC one: the name is the title, the number its constant.</summary>
    private static JsonObjectNode EnumSchema(JsonObjectNode members)
    {
        var oneOf = new List<JsonNode>();
        foreach (var member in members.Properties)
        {
            var entry = new JsonObjectNode(member.NamePosition);
            entry.Add(new JsonProperty("title", member.NamePosition, new JsonStringNode(member.NamePosition, member.Name)));
            if (member.Value is JsonNumberNode number)
            {
                entry.Add(new JsonProperty("x-qlik-const", member.NamePosition, number));
            }

            oneOf.Add(entry);
        }

        var schema = new JsonObjectNode(members.Position);
        schema.Add(Prop("oneOf", new JsonArrayNode(members.Position, oneOf)));
        return schema;
    }

    /// <summary>The remote object reference the engine returns for a handle (the OpenRPC spec's shape).</summary>
    private static JsonObjectNode ObjectInterfaceSchema(TextPosition at)
    {
        var properties = new JsonObjectNode(at);
        foreach (var (name, type) in new[] { ("qType", "string"), ("qHandle", "integer"), ("qGenericType", "string"), ("qGenericId", "string") })
        {
            var property = new JsonObjectNode(at);
            property.Add(Prop("type", new JsonStringNode(at, type)));
            properties.Add(Prop(name, property));
        }

        var schema = new JsonObjectNode(at);
        schema.Add(Prop("type", new JsonStringNode(at, "object")));
        schema.Add(Prop("properties", properties));
        return schema;
    }

    private static JsonProperty Prop(string name, JsonNode value) => new(name, value.Position, value);
}
