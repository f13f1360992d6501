using System;
using System.Collections.Generic;
using System.IO;
using QixGen.Generator.Diagnostics;
using QixGen.Generator.Json;
using QixGen.Generator.Model;

namespace QixGen.Generator.Parsing;

/// <summary>The outcome of parsing one schema: a model (null when nothing can be generated) and diagnostics.</summary>
internal sealed record ParseResult(SchemaModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, string SourcePath);

/// <summary>The OpenRPC spec an enigma.js schema takes its types from: its path, and its text (null when not found).</summary>
internal sealed record TypesSource(string Path, string? Text);

/// <summary>
/// Turns an engine OpenRPC spec into the <see cref="SchemaModel"/>. Keeps the spec's order everywhere
/// (methods, parameters, properties, enum members). Never throws: problems become diagnostics.
/// </summary>
internal sealed class OpenRpcParser
{
    private const string SchemaRefPrefix = "#/components/schemas/";
    private const string ObjectInterfaceName = "ObjectInterface";
    private const string FreeJsonName = "JsonObject";

    /// <summary>How deep array items and alias <c>$ref</c>s may nest before a type is kept as free JSON (QIX010).</summary>
    internal const int MaxTypeDepth = 64;

    // "AnyObject": QixApi has AnyObjectFactory next to one {Service}Factory per service. The rest are members the
    // generated types declare themselves: a type of that name would hold a member named like it (CS0542).
    private static readonly string[] s_reservedTypeNames =
    {
        "QixApi", "Serialization", "AnyObject", "Equals", "GetHashCode", "ToString", "GetType", "WireValue", "IsKnown",
        "NumericValue", "KnownValues", "FromNumber", "Normalize", "AdditionalProperties",
    };
    private static readonly string[] s_enumReservedMembers =
    {
        "WireValue", "IsKnown", "NumericValue", "KnownValues", "Parse", "FromNumber", "Normalize", "Equals", "GetHashCode", "ToString", "GetType",
        "MemberwiseClone", "ReferenceEquals", "Finalize",
    };

    // Members every class inherits from object: a generated member of that name would hide it (CS0108).
    private static readonly string[] s_objectMembers = { "GetType", "ToString", "Equals", "GetHashCode", "MemberwiseClone", "ReferenceEquals", "Finalize" };

    // Names the generated method body uses itself; nameof would bind to a parameter named nameof.
    private static readonly string[] s_reservedParameterNames = { "cancellationToken", "qixParameters", "qixWriter", "qixCount", "nameof" };

    private readonly string _path;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly Dictionary<string, JsonObjectNode> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _typeNames = new(StringComparer.Ordinal); // wire -> C#
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private readonly NameRules.Scope _namespaceScope = new(s_reservedTypeNames);

    private OpenRpcParser(string path) => _path = path;

    /// <summary>
    /// Parses <paramref name="text"/> (the file at <paramref name="path"/>, OpenRPC or enigma.js) into a model for
    /// <paramref name="ns"/>; <paramref name="typesFrom"/> is the OpenRPC spec an enigma.js schema takes types from.
    /// </summary>
    public static ParseResult Parse(string path, string text, string ns, Overlay builtInOverlay, Overlay? userOverlay, TypesSource? typesFrom = null)
    {
        var parser = new OpenRpcParser(path);
        SchemaModel? model = null;
        try
        {
            model = parser.ParseCore(text, ns, builtInOverlay, userOverlay, typesFrom);
        }
        catch (Exception e)
        {
            // The generator must never throw into the compiler: an unexpected fault is a diagnostic too.
            parser._diagnostics.Add(DiagnosticInfo.Create(QixDiagnostics.InternalError, new SourceSpot(path, 1, 1), Path.GetFileName(path), e.GetType().Name + ": " + e.Message));
            model = null;
        }

        return new ParseResult(model, parser._diagnostics.ToEquatableArray(), path);
    }

    /// <summary>The default namespace for a schema file: its name as a C# identifier (engine-rpc-12.2528.0 -> EngineRpc12_2528_0).</summary>
    public static string DefaultNamespace(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        var words = new List<string>();
        foreach (var part in stem.Split('-', '_', ' '))
        {
            if (part.Length > 0)
            {
                words.Add(char.ToUpperInvariant(part[0]) + part.Substring(1));
            }
        }

        return NameRules.Identifier(string.Concat(words).Replace('.', '_'));
    }

    /// <summary>The root of the TypesFrom spec, or null (QIX007) when it is absent, malformed or not OpenRPC.</summary>
    private JsonObjectNode? TypesRoot(TypesSource? typesFrom)
    {
        if (typesFrom is null)
        {
            return null;
        }

        if (typesFrom.Text is null)
        {
            Report(QixDiagnostics.TypesFromUnusable, null, typesFrom.Path, Path.GetFileName(_path), "the file is not among the project's QixGen files");
            return null;
        }

        try
        {
            if (JsonTextParser.Parse(typesFrom.Text) is JsonObjectNode root && root.Get("openrpc") is not null && root.Get("methods") is JsonArrayNode)
            {
                return root;
            }

            Report(QixDiagnostics.TypesFromUnusable, null, typesFrom.Path, Path.GetFileName(_path), "it is not an OpenRPC engine spec");
        }
        catch (JsonTextException e)
        {
            Report(QixDiagnostics.TypesFromUnusable, null, typesFrom.Path, Path.GetFileName(_path), "line " + e.Position.Line + ": " + e.Message);
        }

        return null;
    }

    private static HashSet<string> HandleMethods(Overlay builtInOverlay, Overlay? userOverlay)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in builtInOverlay.ObjectInterfaces)
        {
            names.Add(entry.Method);
        }

        foreach (var entry in userOverlay?.ObjectInterfaces ?? (IEnumerable<OverlayEntry>)Array.Empty<OverlayEntry>())
        {
            names.Add(entry.Method);
        }

        return names;
    }

    private SourceSpot Spot(JsonNode node) => new(_path, node.Position.Line, node.Position.Column);

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, JsonNode? node, params string[] args) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, node is null ? new SourceSpot(_path, 1, 1) : Spot(node), args));

    private SchemaModel? ParseCore(string text, string ns, Overlay builtInOverlay, Overlay? userOverlay, TypesSource? typesFrom)
    {
        JsonNode root;
        try
        {
            root = JsonTextParser.Parse(text);
        }
        catch (JsonTextException e)
        {
            _diagnostics.Add(DiagnosticInfo.Create(QixDiagnostics.MalformedJson, new SourceSpot(_path, e.Position.Line, e.Position.Column), Path.GetFileName(_path), e.Message));
            return null;
        }

        if (root is not JsonObjectNode rootObject)
        {
            Report(QixDiagnostics.UnknownFormat, root, Path.GetFileName(_path), "the file is not a JSON object");
            return null;
        }

        if (EnigmaJsSchema.IsEnigmaJs(rootObject))
        {
            rootObject = EnigmaJsSchema.ToOpenRpc(_path, rootObject, TypesRoot(typesFrom), HandleMethods(builtInOverlay, userOverlay));
        }

        if (rootObject.Get("openrpc") is null || rootObject.Get("methods") is not JsonArrayNode methodsNode)
        {
            Report(QixDiagnostics.UnknownFormat, rootObject, Path.GetFileName(_path), "no 'openrpc' version and 'methods' array");
            return null;
        }

        var version = (rootObject.Get("info") as JsonObjectNode)?.GetString("version") ?? "unknown";

        if ((rootObject.Get("components") as JsonObjectNode)?.Get("schemas") is JsonObjectNode schemasNode)
        {
            foreach (var property in schemasNode.Properties)
            {
                if (property.Value is JsonObjectNode schema)
                {
                    _schemas[property.Name] = schema;
                }
                else
                {
                    Report(QixDiagnostics.UnsupportedConstruct, property.Value, "Schema '" + property.Name + "'", Path.GetFileName(_path), "a schema must be a JSON object");
                }
            }
        }

        // Group methods into services, in the spec's order of first appearance.
        var serviceOrder = new List<string>();
        var serviceMethods = new Dictionary<string, List<(string Name, JsonObjectNode Node)>>(StringComparer.Ordinal);
        foreach (var item in methodsNode.Items)
        {
            if (item is not JsonObjectNode method || method.GetString("name") is not { } fullName)
            {
                Report(QixDiagnostics.UnsupportedConstruct, item, "A method", Path.GetFileName(_path), "a method needs a 'name' string");
                continue;
            }

            var dot = fullName.IndexOf('.');
            if (dot <= 0 || dot == fullName.Length - 1)
            {
                Report(QixDiagnostics.UnsupportedConstruct, method.Get("name"), "Method '" + fullName + "'", Path.GetFileName(_path), "method names are 'Service.Method'");
                continue;
            }

            var service = fullName.Substring(0, dot);
            if (!serviceMethods.TryGetValue(service, out var list))
            {
                serviceMethods[service] = list = new List<(string, JsonObjectNode)>();
                serviceOrder.Add(service);
            }

            list.Add((fullName.Substring(dot + 1), method));
        }

        // Claim type names first so clashes are found in a stable order: services, then schemas.
        var serviceClassNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in serviceOrder)
        {
            serviceClassNames[service] = ClaimTypeName(NameRules.TypeName(service), "service " + service, serviceMethods[service][0].Node.Get("name"));
        }

        var enums = new List<EnumModel>();
        var dataTypes = new List<DataTypeModel>();
        var generated = new List<(string Wire, JsonObjectNode Node, bool IsEnum)>();
        foreach (var pair in _schemas)
        {
            var kind = ClassifySchema(pair.Key, pair.Value);
            if (kind is SchemaKind.Enum or SchemaKind.Object)
            {
                _typeNames[pair.Key] = ClaimTypeName(NameRules.TypeName(pair.Key), "schema " + pair.Key, pair.Value);
                generated.Add((pair.Key, pair.Value, kind == SchemaKind.Enum));
            }
        }

        foreach (var (wire, node, isEnum) in generated)
        {
            if (isEnum)
            {
                enums.Add(ParseEnum(wire, node));
            }
            else
            {
                dataTypes.Add(ParseDataType(wire, node));
            }
        }

        // Which proxy each ObjectInterface method returns: ours, then the user's on top.
        var objectInterfaces = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in builtInOverlay.ObjectInterfaces)
        {
            objectInterfaces[entry.Method] = entry.Target;
        }

        if (userOverlay is not null)
        {
            foreach (var entry in userOverlay.ObjectInterfaces)
            {
                var dot = entry.Method.IndexOf('.');
                var knownMethod = dot > 0 && serviceMethods.TryGetValue(entry.Method.Substring(0, dot), out var methods) &&
                    methods.Exists(m => m.Name == entry.Method.Substring(dot + 1));
                if (!knownMethod)
                {
                    _diagnostics.Add(DiagnosticInfo.Create(QixDiagnostics.UnknownOverlayEntry, entry.Spot, entry.Method, Path.GetFileName(_path), "the schema has no such method"));
                }
                else if (!serviceClassNames.ContainsKey(entry.Target))
                {
                    _diagnostics.Add(DiagnosticInfo.Create(QixDiagnostics.UnknownOverlayEntry, entry.Spot, entry.Method, Path.GetFileName(_path), "'" + entry.Target + "' is not a service of this schema"));
                }
                else
                {
                    objectInterfaces[entry.Method] = entry.Target;
                }
            }
        }

        var services = new List<ServiceModel>();
        var results = new List<ResultTypeModel>();
        foreach (var service in serviceOrder)
        {
            var methodScope = new NameRules.Scope(service == "QixObject" ? Array.Empty<string>() : new[] { serviceClassNames[service], "Session", "Reference", "Handle", "Type", "GenericType", "GenericId", "InvokeAsync", "Rebind", "ToString", "Equals", "GetHashCode", "GetType" });
            var methods = new List<MethodModel>();
            foreach (var (name, node) in serviceMethods[service])
            {
                var method = ParseMethod(service, name, node, methodScope, objectInterfaces, serviceClassNames, results);
                if (method is not null)
                {
                    methods.Add(method);
                }
            }

            services.Add(new ServiceModel(serviceClassNames[service], service, methods.ToEquatableArray()));
        }

        return new SchemaModel(ns, version, Path.GetFileName(_path), services.ToEquatableArray(), dataTypes.ToEquatableArray(), enums.ToEquatableArray(), results.ToEquatableArray());
    }

    private enum SchemaKind
    {
        Object,
        Enum,
        Inline,
    }

    private static SchemaKind ClassifySchema(string name, JsonObjectNode schema)
    {
        if (schema.Get("oneOf") is JsonArrayNode)
        {
            return SchemaKind.Enum;
        }

        var type = schema.GetString("type");
        if (name == FreeJsonName || type is "array" or "string" or "integer" or "number" or "boolean")
        {
            return SchemaKind.Inline; // free JSON, named arrays and aliases of primitives are used inline
        }

        return SchemaKind.Object;
    }

    private string ClaimTypeName(string desired, string owner, JsonNode? node)
    {
        var name = NameRules.AvoidImplicitUsingClash(desired);
        var claimed = _namespaceScope.Claim(name, owner, out var clash);
        if (clash is not null)
        {
            Report(QixDiagnostics.DuplicateName, node, clash, owner, name, claimed);
        }

        return claimed;
    }

    private static ApiStatus Status(JsonObjectNode node)
    {
        string? obsolete = null;
        if (node.GetBool("x-qlik-deprecated"))
        {
            obsolete = node.GetString("x-qlik-deprecation-description");
            obsolete = string.IsNullOrWhiteSpace(obsolete) ? "Deprecated by Qlik." : obsolete!.Trim();
        }

        var experimental = node.GetString("x-qlik-stability") == "experimental";
        return obsolete is null && !experimental ? ApiStatus.Normal : new ApiStatus(obsolete, experimental);
    }

    private EnumModel ParseEnum(string wire, JsonObjectNode node)
    {
        var entries = new List<(string Title, string? Long, int? Const, JsonNode Node)>();
        foreach (var item in ((JsonArrayNode)node.Get("oneOf")!).Items)
        {
            if (item is JsonObjectNode member && member.GetString("title") is { } title)
            {
                int? value = member.Get("x-qlik-const") is JsonNumberNode n && int.TryParse(n.Raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
                entries.Add((title, member.GetString("description"), value, member));
            }
            else
            {
                Report(QixDiagnostics.UnsupportedConstruct, item, "An enum member", wire, "each oneOf entry of an enum needs a 'title'");
            }
        }

        // A member's name comes from its own entry only (docs/naming.md): never from its siblings.
        var typeWords = NameRules.TypeNameWords(wire);
        var scope = new NameRules.Scope(s_enumReservedMembers);
        scope.Claim(_typeNames[wire], "(type)", out _);
        var members = new List<EnumMemberModel>();
        foreach (var entry in entries)
        {
            var name = NameRules.EnumMemberName(entry.Title, entry.Long, typeWords);
            var claimed = scope.Claim(name, entry.Title, out var clash);
            if (clash is not null)
            {
                Report(QixDiagnostics.DuplicateName, entry.Node, clash, wire + "." + entry.Title, name, claimed);
            }

            members.Add(new EnumMemberModel(claimed, entry.Title, entry.Long, entry.Const));
        }

        return new EnumModel(_typeNames[wire], wire, node.GetString("description"), Status(node), members.ToEquatableArray());
    }

    private DataTypeModel ParseDataType(string wire, JsonObjectNode node)
    {
        var name = _typeNames[wire];
        var scope = new NameRules.Scope(s_objectMembers);
        scope.Claim(name, "(type)", out _);
        scope.Claim("AdditionalProperties", "(generated)", out _);
        scope.Claim("RawProperties", "(generated)", out _); // both on the runtime base class QixDataObject
        var properties = new List<PropertyModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (node.Get("properties") is JsonObjectNode props)
        {
            foreach (var property in props.Properties)
            {
                AddProperty(wire, name, property.Name, property.Value, scope, properties, seen);
            }
        }

        // Well-known dynamic properties (GenericObjectProperties' qHyperCubeDef, qListObjectDef, ...) become typed
        // properties; any other key still lands in AdditionalProperties.
        if (node.Get("additionalProperties") is JsonObjectNode additional && additional.Get("anyOf") is JsonArrayNode anyOf)
        {
            foreach (var item in anyOf.Items)
            {
                if (item is JsonObjectNode option && option.GetString("name") is { } optionName && option.Get("schema") is JsonObjectNode optionSchema)
                {
                    AddProperty(wire, name, optionName, optionSchema, scope, properties, seen);
                }
            }
        }

        return new DataTypeModel(name, wire, node.GetString("description"), Status(node), properties.ToEquatableArray());
    }

    private void AddProperty(string wireType, string typeName, string wireName, JsonNode value, NameRules.Scope scope, List<PropertyModel> properties, HashSet<string> seen)
    {
        if (!seen.Add(wireName))
        {
            return; // listed both as property and as well-known dynamic property (or twice)
        }

        if (value is not JsonObjectNode schema)
        {
            Report(QixDiagnostics.UnsupportedConstruct, value, "Property '" + wireName + "'", wireType, "a property schema must be an object");
            return;
        }

        var desired = NameRules.ToPascal(wireName);
        if (desired == typeName)
        {
            desired += "Value"; // a member may not be named like its class
        }

        var claimed = scope.Claim(desired, wireName, out var clash);
        if (clash is not null)
        {
            Report(QixDiagnostics.DuplicateName, schema, clash, wireType + "." + wireName, desired, claimed);
        }

        properties.Add(new PropertyModel(wireName, claimed, Resolve(schema, wireType + "." + wireName, proxies: null, depth: 0), schema.GetString("description"), Status(schema)));
    }

    private MethodModel? ParseMethod(
        string service, string name, JsonObjectNode node, NameRules.Scope methodScope,
        Dictionary<string, string> objectInterfaces, Dictionary<string, string> serviceClassNames, List<ResultTypeModel> results)
    {
        var fullName = service + "." + name;
        var methodName = methodScope.Claim(NameRules.Identifier(name) + "Async", fullName, out var clash);
        if (clash is not null)
        {
            Report(QixDiagnostics.DuplicateName, node, clash, fullName, NameRules.Identifier(name) + "Async", methodName);
        }

        var parameters = new List<ParameterModel>();
        var parameterScope = new NameRules.Scope(s_reservedParameterNames);
        if (node.Get("params") is JsonArrayNode paramsNode)
        {
            foreach (var item in paramsNode.Items)
            {
                if (item is not JsonObjectNode parameter || parameter.GetString("name") is not { } wireName)
                {
                    Report(QixDiagnostics.UnsupportedConstruct, item, "A parameter of " + fullName, Path.GetFileName(_path), "a parameter needs a 'name'");
                    continue;
                }

                var desired = NameRules.ToCamel(wireName);
                var parameterName = parameterScope.Claim(desired, wireName, out var parameterClash);
                if (parameterClash is not null)
                {
                    Report(QixDiagnostics.DuplicateName, parameter, parameterClash, fullName + "(" + wireName + ")", desired, parameterName);
                }

                var type = parameter.Get("schema") is JsonObjectNode schema
                    ? Resolve(schema, fullName + "(" + wireName + ")", proxies: null, depth: 0)
                    : UnsupportedAsJson(parameter, fullName + "(" + wireName + ")", "a parameter without 'schema'");
                parameters.Add(new ParameterModel(wireName, parameterName, type, parameter.GetBool("required"), parameter.GetString("description")));
            }
        }

        var outSchemas = new List<(string Name, JsonObjectNode Schema)>();
        if (((node.Get("result") as JsonObjectNode)?.Get("schema") as JsonObjectNode)?.Get("properties") is JsonObjectNode outs)
        {
            foreach (var property in outs.Properties)
            {
                if (property.Value is not JsonObjectNode schema)
                {
                    Report(QixDiagnostics.UnsupportedConstruct, property.Value, "Out value '" + property.Name + "' of " + fullName, Path.GetFileName(_path), "it must be a schema object");
                    continue;
                }

                outSchemas.Add((property.Name, schema));
            }
        }

        // The result class is named first, so no out value property takes the class's own name (CS0542).
        string? resultType = null;
        if (outSchemas.Count > 1)
        {
            var desired = NameRules.TypeName(name) + "Result";
            if (_namespaceScope.IsTaken(desired))
            {
                desired = NameRules.TypeName(service) + desired;
            }

            resultType = ClaimTypeName(desired, "result of " + fullName, node);
        }

        var outputs = new List<OutValueModel>();
        var outScope = new NameRules.Scope(s_objectMembers);
        outScope.Claim("AdditionalProperties", "(generated)", out _);
        if (resultType is not null)
        {
            outScope.Claim(resultType, "(type)", out _);
        }

        foreach (var (outName, schema) in outSchemas)
        {
            var proxy = objectInterfaces.TryGetValue(fullName, out var target) && serviceClassNames.TryGetValue(target, out var cls) ? cls : null;
            var type = Resolve(schema, fullName + " -> " + outName, proxies: proxy ?? string.Empty, depth: 0);
            outputs.Add(new OutValueModel(outName, outScope.Claim(NameRules.OutValueName(outName, type), outName, out _), type, schema.GetString("description")));
        }

        if (resultType is not null)
        {
            results.Add(new ResultTypeModel(resultType, service, name, outputs.ToEquatableArray()));
        }

        return new MethodModel(name, methodName, node.GetString("description"), Status(node), parameters.ToEquatableArray(), outputs.ToEquatableArray(), resultType);
    }

    private TypeRef UnsupportedAsJson(JsonNode node, string context, string what)
    {
        Report(QixDiagnostics.UnsupportedConstruct, node, what, context, "kept as free JSON (System.Text.Json.JsonElement)");
        return TypeRef.Json;
    }

    /// <summary>The type a schema node describes.</summary>
    /// <param name="schema">The schema node.</param>
    /// <param name="context">Where it is used, for diagnostics.</param>
    /// <param name="proxies">Null: ObjectInterface is plain data. Otherwise the proxy class to return ("" for the common base).</param>
    /// <param name="depth">How many array items and alias hops lead here: bounded by <see cref="MaxTypeDepth"/>.</param>
    private TypeRef Resolve(JsonObjectNode schema, string context, string? proxies, int depth)
    {
        if (depth > MaxTypeDepth)
        {
            Report(QixDiagnostics.NestingTooDeep, schema, context, MaxTypeDepth.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return TypeRef.Json;
        }

        if (schema.Get("$ref") is { } refNode)
        {
            var reference = (refNode as JsonStringNode)?.Value ?? string.Empty;
            var target = reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal) ? reference.Substring(SchemaRefPrefix.Length) : null;
            if (target is null || !_schemas.TryGetValue(target, out var targetSchema))
            {
                Report(QixDiagnostics.UnknownReference, refNode, context, reference);
                return TypeRef.Json;
            }

            if (target == ObjectInterfaceName && proxies is not null)
            {
                return new TypeRef(TypeKind.ObjectInterface, proxies.Length == 0 ? null : proxies);
            }

            if (target == FreeJsonName)
            {
                return TypeRef.Json;
            }

            if (_typeNames.TryGetValue(target, out var typeName))
            {
                return new TypeRef(targetSchema.Get("oneOf") is JsonArrayNode ? TypeKind.Enum : TypeKind.Object, typeName);
            }

            // A named array or primitive alias: use its definition inline (NxCellRows -> List<NxCell>).
            if (!_resolving.Add(target))
            {
                Report(QixDiagnostics.UnsupportedConstruct, refNode, "A self-referencing array type", context, "kept as free JSON");
                return TypeRef.Json;
            }

            try
            {
                return Resolve(targetSchema, context, proxies: null, depth + 1);
            }
            finally
            {
                _resolving.Remove(target);
            }
        }

        switch (schema.GetString("type"))
        {
            case "string":
                return TypeRef.String;
            case "boolean":
                return TypeRef.Boolean;
            case "integer":
                return schema.GetString("format") switch
                {
                    "int64" => TypeRef.Int64,
                    "byte" => TypeRef.Byte,
                    _ => TypeRef.Int32,
                };
            case "number":
                return TypeRef.Double;
            case "array":
                return schema.Get("items") is JsonObjectNode items
                    ? TypeRef.ArrayOf(Resolve(items, context + "[]", proxies: null, depth + 1))
                    : TypeRef.ArrayOf(TypeRef.Json);
            case "object":
                return TypeRef.Json; // an inline object without a $ref: free JSON
            case null when schema.Get("oneOf") is null && schema.Get("anyOf") is null:
                return TypeRef.Json; // no type at all: any JSON value
            default:
                return UnsupportedAsJson(schema, context, "The schema construct");
        }
    }
}
