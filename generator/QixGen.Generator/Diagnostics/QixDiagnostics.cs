using Microsoft.CodeAnalysis;

namespace QixGen.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. The table in docs/diagnostics.md documents them.</summary>
internal static class QixDiagnostics
{
    private const string Category = "QixGen";

    public static readonly DiagnosticDescriptor MalformedJson = new(
        "QIX001", "Malformed JSON in a QIX schema file",
        "'{0}' is not valid JSON: {1}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownReference = new(
        "QIX002", "Unknown $ref in a QIX schema",
        "'{0}' refers to '{1}', which the schema does not define; the value is kept as free JSON", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedConstruct = new(
        "QIX003", "Unsupported construct in a QIX schema",
        "{0} in '{1}' is not supported: {2}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateName = new(
        "QIX004", "Duplicate generated name",
        "'{0}' and '{1}' both become '{2}' in C#; the second is named '{3}'", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownFormat = new(
        "QIX005", "Not a QIX schema",
        "'{0}' is neither an OpenRPC engine schema (with 'openrpc' and 'methods') nor an enigma.js schema (with 'structs'): {1}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownOverlayEntry = new(
        "QIX006", "Unknown overlay entry",
        "Overlay entry '{0}' does not apply to schema '{1}': {2}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TypesFromUnusable = new(
        "QIX007", "TypesFrom spec unusable",
        "The TypesFrom spec '{0}' of enigma.js schema '{1}' cannot be used ({2}); its types are inferred from default values instead", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OverlayNotFound = new(
        "QIX008", "Overlay file not found",
        "The overlay '{0}' given for schema '{1}' is not among the project's files", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InternalError = new(
        "QIX009", "QixGen failed on a schema",
        "QixGen could not generate from '{0}': {1}. Please report this with the schema file.", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NestingTooDeep = new(
        "QIX010", "Type nesting too deep in a QIX schema",
        "The type of {0} nests arrays and $ref aliases more than {1} levels deep; it is kept as free JSON (System.Text.Json.JsonElement)", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
    // QIX020 (schema file not found) and QIX021 (two schemas, one namespace) are reported by QixGen.targets.
    public static readonly DiagnosticDescriptor InvalidNamespace = new(
        "QIX022", "Invalid namespace for a QIX schema",
        "Namespace '{0}' of schema '{1}' is not a valid C# namespace (dotted identifiers such as My.Qix); nothing is generated from it", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static DiagnosticDescriptor Find(string id) => id switch
    {
        "QIX022" => InvalidNamespace,
        "QIX001" => MalformedJson,
        "QIX002" => UnknownReference,
        "QIX003" => UnsupportedConstruct,
        "QIX004" => DuplicateName,
        "QIX005" => UnknownFormat,
        "QIX006" => UnknownOverlayEntry,
        "QIX007" => TypesFromUnusable,
        "QIX008" => OverlayNotFound,
        "QIX010" => NestingTooDeep,
        _ => InternalError,
    };
}
