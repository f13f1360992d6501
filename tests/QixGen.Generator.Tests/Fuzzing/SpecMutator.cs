using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QixGen.Generator.Tests.Fuzzing;

/// <summary>One generated fuzz input: the spec text and the mutations that made it.</summary>
internal sealed record FuzzInput(int Index, string Text, IReadOnlyList<string> Mutations);

/// <summary>
/// Mutates a spec slice the way a hostile or broken schema would: structure (deleted keys, wrong types, broken
/// refs), names (case-folded duplicates, keywords, unicode, generated-member names), text (line and comment
/// terminators, huge strings), size (deep nesting, alias chains, many parameters) and bytes (flips, truncation).
/// </summary>
internal static class SpecMutator
{
    private const string SchemaRefPrefix = "#/components/schemas/";

    /// <summary>Text that breaks out of a comment, string or XML doc if it is not neutralised.</summary>
    public static readonly string[] Breakers = { "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "*/", "\"", "\\", "<", "&", "]]>", "-->", "\u0000", "\uFFFF", LoneSurrogatePlaceholder, "{", "}" };

    // System.Text.Json refuses to write a lone surrogate; the placeholder becomes the escape \uD800 in the final text.
    private const string LoneSurrogatePlaceholder = "\uE000";

    public const string InjectedMember = "public static int Injected() { return 42; }";

    private static readonly string[] s_hostileNames =
    {
        "class", "int", "namespace", "static", "void", "object", "string", "event", "params", "operator", "this", "base",
        "var", "nameof", "value", "dynamic", "record", "await", "async", "global", "yield", "when", "nint", "field", "scoped",
        "__arglist", "__makeref", "_", "__", "1st", "", " ", "a b", "a-b", "a.b", "é", "Ñame", "名前", "\u2028", "x\u2028y",
        "AdditionalProperties", "WireValue", "IsKnown", "KnownValues", "NumericValue", "Normalize", "FromNumber", "Instance",
        "ReadValue", "WriteValue", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals",
        "QixApi", "Serialization", "Results", "QixNames", "QixLists", "RawProperties", "QixDataObject", "s_qixMetadata", "AnyObject", "Global", "QixObject", "Session", "Handle",
        "cancellationToken", "qixWriter", "qixParameters", "qixCount", "a0", "a1", "out0", "reader", "writer", "session", "list",
        "Task", "System", "JsonElement", "List", "Object", "ListOfString", "Converter", "Factory", "Async", "s_readGetLayout", "ReadGetLayout",
        "X() { } " + InjectedMember + " void Y", "\"; } " + InjectedMember + " //",
    };

    private static readonly string[] s_mutations =
    {
        "delete-key", "change-type", "break-ref", "case-folded-duplicate", "duplicate-method", "hostile-name", "hostile-text",
        "huge-string", "deep-nesting", "alias-chain", "enum-empty", "enum-duplicates", "many-parameters", "const-values",
        "required-flags", "byte-flip", "truncate",
    };

    public static FuzzInput Create(int index, JsonObject spec, Random random)
    {
        var applied = new List<string>();
        var textMutations = new List<string>();
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var mutation = s_mutations[random.Next(s_mutations.Length)];
            if (mutation is "byte-flip" or "truncate")
            {
                textMutations.Add(mutation);
                continue;
            }

            try
            {
                Apply(mutation, spec, random);
                applied.Add(mutation);
            }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException or ArgumentException or FormatException)
            {
                // The slice had nothing to mutate this way (no refs, no enums): try another next time.
            }
        }

        var text = spec.ToJsonString(new JsonSerializerOptions { Encoder = random.Next(2) == 0 ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default, MaxDepth = 100_000 });
        text = text.Replace(LoneSurrogatePlaceholder, "\\uD800").Replace("\\uE000", "\\uD800");
        foreach (var mutation in textMutations)
        {
            text = mutation == "byte-flip" ? FlipBytes(text, random) : Truncate(text, random);
            applied.Add(mutation);
        }

        return new FuzzInput(index, text, applied);
    }

    private static void Apply(string mutation, JsonObject spec, Random random)
    {
        // Earlier mutations may have removed or retyped these: mutate a detached stand-in then.
        var schemas = (spec["components"] as JsonObject)?["schemas"] as JsonObject ?? new JsonObject();
        var methods = spec["methods"] as JsonArray ?? new JsonArray();
        switch (mutation)
        {
            case "delete-key":
            {
                var obj = Pick(Objects(spec).Where(o => o.Count > 0).ToList(), random);
                obj.Remove(obj.ElementAt(random.Next(obj.Count)).Key);
                break;
            }

            case "change-type":
            {
                var obj = Pick(Objects(spec).Where(o => o.Count > 0).ToList(), random);
                obj[obj.ElementAt(random.Next(obj.Count)).Key] = RandomValue(random);
                break;
            }

            case "break-ref":
            {
                var holder = Pick(Objects(spec).Where(o => o.ContainsKey("$ref")).ToList(), random);
                holder["$ref"] = random.Next(5) switch
                {
                    0 => SchemaRefPrefix + "NoSuchType",
                    1 => "",
                    2 => "#/definitions/Other",
                    3 => SchemaRefPrefix,
                    _ => JsonValue.Create(42),
                };
                break;
            }

            case "case-folded-duplicate":
            {
                var name = Pick(schemas.Select(p => p.Key).ToList(), random);
                var folded = random.Next(2) == 0 ? name.ToLowerInvariant() : name.ToUpperInvariant();
                if (folded == name) folded = name + "_";
                schemas[folded] = schemas[name]!.DeepClone();
                // Refer to both spellings, so both are generated and used.
                foreach (var holder in Objects(spec).Where(o => o["$ref"]?.GetValueKind() == JsonValueKind.String && (string)o["$ref"]! == SchemaRefPrefix + name).ToList())
                {
                    if (random.Next(2) == 0) holder["$ref"] = SchemaRefPrefix + folded;
                }

                break;
            }

            case "duplicate-method":
            {
                var method = Pick(methods.ToList(), random)!.DeepClone().AsObject();
                if (random.Next(2) == 0 && method["name"]?.GetValueKind() == JsonValueKind.String)
                {
                    var full = (string)method["name"]!;
                    method["name"] = random.Next(2) == 0 ? full.ToLowerInvariant() : full.ToUpperInvariant();
                }

                methods.Add(method);
                break;
            }

            case "hostile-name":
                RenameSomething(spec, schemas, methods, Pick(s_hostileNames, random), random);
                break;

            case "hostile-text":
            {
                var text = "Identifier." + Pick(Breakers, random) + InjectedMember + Pick(Breakers, random) + "/// <summary>x</summary>";
                SetSomeText(spec, schemas, methods, text, random);
                break;
            }

            case "huge-string":
            {
                var unit = Pick(new[] { "[", "<a", " ", "*", "x", "](", "<br ", "&", "\u2028", "[a](" }, random);
                var builder = new StringBuilder();
                var size = random.Next(10_000, 60_000); // megabytes: BoundedWorkTests
                while (builder.Length < size) builder.Append(unit);
                SetSomeText(spec, schemas, methods, builder.ToString(), random);
                break;
            }

            case "deep-nesting":
            {
                var depth = random.Next(2) == 0 ? random.Next(5, 60) : random.Next(100, 400);
                JsonNode inner = new JsonObject { ["type"] = "string" };
                for (var i = 0; i < depth; i++)
                {
                    inner = random.Next(4) == 0
                        ? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["qDeep"] = inner } }
                        : new JsonObject { ["type"] = "array", ["items"] = inner };
                }

                AttachType(spec, schemas, methods, inner, random);
                break;
            }

            case "alias-chain":
            {
                var length = random.Next(3) switch { 0 => random.Next(2, 50), 1 => random.Next(50, 500), _ => random.Next(500, 3000) };
                var arrays = random.Next(2) == 0;
                for (var i = 0; i < length; i++)
                {
                    var next = new JsonObject { ["$ref"] = SchemaRefPrefix + "Alias" + (i + 1) };
                    // Without a primitive "type" a bare $ref would be an (empty) object type, not an alias.
                    schemas["Alias" + i] = arrays ? new JsonObject { ["type"] = "array", ["items"] = next } : new JsonObject { ["type"] = "string", ["$ref"] = SchemaRefPrefix + "Alias" + (i + 1) };
                }

                schemas["Alias" + length] = random.Next(3) == 0
                    ? new JsonObject { ["$ref"] = SchemaRefPrefix + "Alias0" } // a cycle
                    : new JsonObject { ["type"] = "string" };
                AttachType(spec, schemas, methods, new JsonObject { ["$ref"] = SchemaRefPrefix + "Alias0" }, random);
                break;
            }

            case "enum-empty":
                schemas["FuzzEnum"] = new JsonObject { ["type"] = "string", ["oneOf"] = new JsonArray() };
                AttachType(spec, schemas, methods, new JsonObject { ["$ref"] = SchemaRefPrefix + "FuzzEnum" }, random);
                break;

            case "enum-duplicates":
            {
                var members = new JsonArray();
                var titles = new[] { "A", "A", "a", "A_B", "a_b", "aB", "AB", "", "1", "_1", "class", "Value", "WireValue", "Normalize", "x\u2028y" };
                for (var i = random.Next(1, 8); i > 0; i--)
                {
                    var member = new JsonObject { ["title"] = Pick(titles, random) };
                    if (random.Next(2) == 0) member["description"] = Pick(titles, random).ToUpperInvariant();
                    if (random.Next(2) == 0) member["x-qlik-const"] = random.Next(-2, 3);
                    members.Add(member);
                }

                schemas["FuzzEnum"] = new JsonObject { ["type"] = "string", ["oneOf"] = members };
                AttachType(spec, schemas, methods, new JsonObject { ["$ref"] = SchemaRefPrefix + "FuzzEnum" }, random);
                break;
            }

            case "many-parameters":
            {
                var parameters = new JsonArray();
                var types = new[] { "string", "integer", "number", "boolean", "object", "array" };
                var refs = schemas.Select(p => p.Key).ToList();
                for (var i = random.Next(20, 120); i > 0; i--)
                {
                    JsonNode schema = refs.Count > 0 && random.Next(3) == 0
                        ? new JsonObject { ["$ref"] = SchemaRefPrefix + Pick(refs, random) }
                        : new JsonObject { ["type"] = Pick(types, random) };
                    parameters.Add(new JsonObject { ["name"] = "q" + Pick(new[] { "P", "p", "Param", "a", "qix", "Count", "Writer" }, random) + random.Next(0, 10), ["required"] = random.Next(2) == 0, ["schema"] = schema });
                }

                methods.Add(new JsonObject { ["name"] = "Doc.FuzzMany", ["params"] = parameters, ["result"] = new JsonObject { ["name"] = "r", ["schema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["qReturn"] = new JsonObject { ["type"] = "string" }, ["qOther"] = new JsonObject { ["type"] = "integer" } } } } });
                break;
            }

            case "const-values":
            {
                var member = Pick(Objects(spec).Where(o => o.ContainsKey("title") && o.ContainsKey("x-qlik-const")).ToList(), random);
                member["x-qlik-const"] = random.Next(4) switch { 0 => JsonValue.Create(int.MaxValue), 1 => JsonValue.Create(-1), 2 => JsonValue.Create(1e300), _ => JsonValue.Create("7") };
                break;
            }

            case "required-flags":
                foreach (var parameter in Objects(spec).Where(o => o.ContainsKey("schema") && o.ContainsKey("name")).ToList())
                {
                    parameter["required"] = random.Next(2) == 0;
                }

                break;
        }
    }

    private static void RenameSomething(JsonObject spec, JsonObject schemas, JsonArray methods, string name, Random random)
    {
        switch (random.Next(6))
        {
            case 0: // a schema, with every reference to it
            {
                var old = Pick(schemas.Select(p => p.Key).ToList(), random);
                var value = schemas[old]!;
                schemas.Remove(old);
                schemas[name] = value;
                foreach (var holder in Objects(spec).Where(o => o["$ref"]?.GetValueKind() == JsonValueKind.String && (string)o["$ref"]! == SchemaRefPrefix + old).ToList())
                {
                    holder["$ref"] = SchemaRefPrefix + name;
                }

                break;
            }

            case 1: // a property of a data type or an out value
            {
                var properties = Pick(Objects(spec).Where(o => o["properties"] is JsonObject { Count: > 0 }).ToList(), random)["properties"]!.AsObject();
                var old = properties.ElementAt(random.Next(properties.Count)).Key;
                var value = properties[old]!;
                properties.Remove(old);
                properties[random.Next(2) == 0 ? name : "q" + name] = value;
                break;
            }

            case 2: // a parameter
                Pick(Objects(spec).Where(o => o.ContainsKey("schema") && o.ContainsKey("name") && o.ContainsKey("required")).ToList(), random)["name"] = random.Next(2) == 0 ? name : "q" + name;
                break;

            case 3: // a method
            {
                var method = Pick(methods.OfType<JsonObject>().ToList(), random);
                var full = method["name"]?.GetValueKind() == JsonValueKind.String ? (string)method["name"]! : "Doc.X";
                var dot = full.IndexOf('.');
                method["name"] = dot > 0 ? full.Substring(0, dot + 1) + name : name;
                break;
            }

            case 4: // a service
            {
                var method = Pick(methods.OfType<JsonObject>().ToList(), random);
                var full = method["name"]?.GetValueKind() == JsonValueKind.String ? (string)method["name"]! : "Doc.X";
                method["name"] = name + full.Substring(Math.Max(0, full.IndexOf('.')));
                break;
            }

            default: // an enum member
                Pick(Objects(spec).Where(o => o.ContainsKey("title") && o.Parent is JsonArray).ToList(), random)["title"] = name;
                break;
        }
    }

    private static void SetSomeText(JsonObject spec, JsonObject schemas, JsonArray methods, string text, Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                spec["info"] = new JsonObject { ["title"] = text, ["version"] = text };
                break;
            case 1: // a deprecation message
            {
                var target = Pick(Objects(spec).Where(o => o.ContainsKey("type") || o.ContainsKey("params") || o.ContainsKey("$ref")).ToList(), random);
                target["x-qlik-deprecated"] = true;
                target["x-qlik-deprecation-description"] = text;
                target["x-qlik-stability"] = "experimental";
                break;
            }

            case 2: // an enum member's wire value or long form
            {
                var member = Pick(Objects(spec).Where(o => o.ContainsKey("title") && o.Parent is JsonArray).ToList(), random);
                member[random.Next(2) == 0 ? "title" : "description"] = text;
                break;
            }

            default: // a description anywhere
                Pick(Objects(spec).Where(o => o.ContainsKey("description") || o.ContainsKey("type") || o.ContainsKey("params")).ToList(), random)["description"] = text;
                break;
        }
    }

    /// <summary>Makes <paramref name="type"/> reachable: as a property, a parameter or an out value.</summary>
    private static void AttachType(JsonObject spec, JsonObject schemas, JsonArray methods, JsonNode type, Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                schemas["FuzzHolder"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["qValue"] = type, ["qName"] = new JsonObject { ["type"] = "string" } } };
                methods.Add(new JsonObject { ["name"] = "Doc.FuzzHold", ["params"] = new JsonArray(new JsonObject { ["name"] = "qHolder", ["required"] = true, ["schema"] = new JsonObject { ["$ref"] = SchemaRefPrefix + "FuzzHolder" } }) });
                break;
            case 1:
                methods.Add(new JsonObject { ["name"] = "Doc.FuzzParam", ["params"] = new JsonArray(new JsonObject { ["name"] = "qValue", ["required"] = random.Next(2) == 0, ["schema"] = type }) });
                break;
            default:
                methods.Add(new JsonObject { ["name"] = "Doc.FuzzResult", ["params"] = new JsonArray(), ["result"] = new JsonObject { ["name"] = "r", ["schema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["qReturn"] = type } } } });
                break;
        }
    }

    private static JsonNode RandomValue(Random random) => random.Next(7) switch
    {
        0 => JsonValue.Create("x")!,
        1 => JsonValue.Create(1)!,
        2 => JsonValue.Create(true)!,
        3 => new JsonArray(),
        4 => new JsonObject(),
        5 => JsonValue.Create(-0.5e10)!,
        _ => new JsonArray(JsonValue.Create("y")),
    };

    private static string FlipBytes(string text, Random random)
    {
        if (text.Length == 0) return text;
        var chars = text.ToCharArray();
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            chars[random.Next(chars.Length)] = random.Next(4) switch
            {
                0 => (char)random.Next(0x20, 0x7f),
                1 => Pick(new[] { '"', '\\', '{', '}', '[', ']', ',', ':' }, random),
                2 => (char)random.Next(0, 0x20),
                _ => (char)random.Next(0x80, 0xFFFF),
            };
        }

        return new string(chars);
    }

    private static string Truncate(string text, Random random) => text.Substring(0, random.Next(text.Length + 1));

    /// <summary>Every object in the tree (iteratively: mutated trees can be deep).</summary>
    private static List<JsonObject> Objects(JsonNode root)
    {
        var result = new List<JsonObject>();
        var stack = new Stack<JsonNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is JsonObject obj)
            {
                result.Add(obj);
                foreach (var pair in obj) if (pair.Value is not null) stack.Push(pair.Value);
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array) if (item is not null) stack.Push(item);
            }
        }

        result.Reverse();
        return result;
    }

    private static T Pick<T>(IReadOnlyList<T> items, Random random) =>
        items.Count == 0 ? throw new InvalidOperationException("nothing to pick") : items[random.Next(items.Count)];
}
