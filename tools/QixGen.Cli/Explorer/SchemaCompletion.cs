using System;
using System.Collections.Generic;
using System.Linq;
using QixGen.Generator.Model;

namespace QixGen.Cli.Explorer;

/// <summary>
/// Completion from a schema alone, for the repl (<c>complete</c>, Tab) and the command line (System.CommandLine's
/// completion sources, <c>[suggest]</c>): method names by prefix, and the parameter names of a method.
/// </summary>
internal static class SchemaCompletion
{
    /// <summary>Every <c>Service.Method</c> of the schema.</summary>
    public static IEnumerable<string> MethodNames(SchemaModel schema) =>
        schema.Services.SelectMany(s => s.Methods.Select(m => s.WireName + "." + m.WireName));

    /// <summary><c>Service.Method</c> names starting with <paramref name="prefix"/> (case-insensitive).</summary>
    public static IEnumerable<string> Methods(SchemaModel schema, string prefix) =>
        MethodNames(schema).Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>The parameter names of <c>Service.Method</c> (empty for an unknown method).</summary>
    public static IEnumerable<string> Parameters(SchemaModel schema, string serviceDotMethod)
    {
        var dot = serviceDotMethod.IndexOf('.');
        var service = dot > 0 ? schema.Services.FirstOrDefault(s => s.WireName == serviceDotMethod.Substring(0, dot)) : null;
        var method = service?.Methods.FirstOrDefault(m => m.WireName == serviceDotMethod.Substring(dot + 1));
        return method?.Parameters.Select(p => p.WireName) ?? Enumerable.Empty<string>();
    }
}
