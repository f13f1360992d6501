using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Generator.Model;
using QixGen.Protocol;

namespace QixGen.Cli.Explorer;

/// <summary>
/// Calls engine methods by name with JSON arguments, checked against a schema, and keeps the handles the engine
/// returns: <c>Global</c> is handle -1, every remote object a call returns is kept as <c>$1</c>, <c>$2</c>, ... with
/// its type. Used by <c>qixgen call</c> and <c>qixgen repl</c>. Not thread-safe: one call at a time.
/// </summary>
internal sealed class EngineExplorer(IQixSession session, SchemaModel schema)
{
    private static readonly QixResultReader<JsonElement> s_readRaw = static (ref Utf8JsonReader reader, IQixSession _) => JsonElement.ParseValue(ref reader);
    private readonly List<(int Handle, string Type)> _handles = new();

    /// <summary>Every <c>Service.Method</c> of the schema.</summary>
    public IEnumerable<string> MethodNames => SchemaCompletion.MethodNames(schema);

    /// <summary>The kept handles: name, engine handle, type.</summary>
    public IEnumerable<string> Handles => _handles.Select((h, i) => $"${i + 1} = {h.Type} (handle {h.Handle})");

    /// <summary>
    /// Runs <paramref name="target"/> (<c>Service.Method</c>, or <c>$N.Method</c> on a kept handle) with
    /// <paramref name="arguments"/> (a JSON array or object; empty: none) and returns the result as indented JSON.
    /// </summary>
    /// <exception cref="CliException">Unknown method or handle, bad JSON, a parameter the method lacks, a missing required one.</exception>
    public async Task<string> CallAsync(string target, string arguments, CancellationToken cancellationToken)
    {
        var (handle, service, method) = Resolve(target);
        var parameters = Arguments(service, method, arguments);
        var result = await session.InvokeAsync(new QixRequest(handle, method.WireName, parameters), s_readRaw, cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        if (result.ValueKind == JsonValueKind.Object && result.TryGetProperty("qReturn", out var ret) && ret.ValueKind == JsonValueKind.Object &&
            ret.TryGetProperty("qHandle", out var h) && h.ValueKind == JsonValueKind.Number && ret.TryGetProperty("qType", out var type))
        {
            _handles.Add((h.GetInt32(), type.GetString() ?? "?"));
            text.AppendLine().Append($"# kept as ${_handles.Count} ({type.GetString()})");
        }

        return text.ToString();
    }

    /// <summary>Parameters, types and docs of <c>Service.Method</c> from the schema.</summary>
    public string Help(string name)
    {
        var (service, method) = Find(name);
        var text = new StringBuilder($"{service.WireName}.{method.WireName}(");
        text.Append(string.Join(", ", method.Parameters.Select(p => p.WireName + (p.Required ? "" : "?") + ": " + Diff.SchemaDiff.Describe(p.Type))));
        text.Append(") -> ").Append(method.Outputs.Count == 0 ? "nothing" : string.Join(", ", method.Outputs.Select(o => o.WireName + ": " + Diff.SchemaDiff.Describe(o.Type))));
        if (method.Status.ObsoleteMessage is { } obsolete)
        {
            text.AppendLine().Append("Deprecated: ").Append(obsolete);
        }

        if (method.Description is { Length: > 0 } description)
        {
            text.AppendLine().Append(description.Trim());
        }

        foreach (var p in method.Parameters.Where(p => p.Description is { Length: > 0 }))
        {
            text.AppendLine().Append($"  {p.WireName}: {p.Description!.Trim().Replace("\n", "\n    ")}");
        }

        return text.ToString();
    }

    /// <summary>
    /// Method names (<c>Doc.Get</c> -> <c>Doc.GetField</c>, ...; <c>$1.Get</c> -> <c>$1.GetField</c>, ... by the kept
    /// handle's type) or, after a method and a space, its parameter names.
    /// </summary>
    /// <exception cref="CliException">After a space: an unknown method or handle.</exception>
    public IEnumerable<string> Complete(string prefix)
    {
        var space = prefix.IndexOf(' ');
        if (space > 0)
        {
            var target = prefix.Substring(0, space);
            var (service, method) = target.StartsWith('$') ? Without(Resolve(target)) : Find(target);
            return SchemaCompletion.Parameters(schema, service.WireName + "." + method.WireName);
        }

        var dot = prefix.IndexOf('.');
        if (prefix.StartsWith('$') && dot > 0 && int.TryParse(prefix.AsSpan(1, dot - 1), out var n) && n >= 1 && n <= _handles.Count)
        {
            // $N.Prefix: the methods of the handle's type, named by the handle.
            var type = _handles[n - 1].Type;
            return SchemaCompletion.Methods(schema, type + prefix.Substring(dot)).Select(m => prefix.Substring(0, dot) + m.Substring(type.Length));
        }

        return SchemaCompletion.Methods(schema, prefix);
    }

    private static (ServiceModel Service, MethodModel Method) Without((int Handle, ServiceModel Service, MethodModel Method) resolved) =>
        (resolved.Service, resolved.Method);

    private (int Handle, ServiceModel Service, MethodModel Method) Resolve(string target)
    {
        var dot = target.IndexOf('.');
        if (dot <= 0)
        {
            throw new CliException($"'{target}' is not Service.Method or $N.Method.");
        }

        var head = target.Substring(0, dot);
        if (head.StartsWith('$'))
        {
            if (!int.TryParse(head.AsSpan(1), out var n) || n < 1 || n > _handles.Count)
            {
                throw new CliException($"no handle {head} (kept: {(_handles.Count == 0 ? "none" : "$1.." + "$" + _handles.Count)}).");
            }

            var (handle, type) = _handles[n - 1];
            var (service, method) = Find(type + "." + target.Substring(dot + 1));
            return (handle, service, method);
        }

        var (s, m) = Find(target);
        if (s.WireName == "Global")
        {
            return (-1, s, m);
        }

        // Service.Method on a non-Global service: the most recent handle of that type.
        var last = _handles.FindLastIndex(h => h.Type == s.WireName);
        if (last < 0)
        {
            throw new CliException($"no {s.WireName} handle yet: get one first (for Doc: Global.OpenDoc [\"app\"]).");
        }

        return (_handles[last].Handle, s, m);
    }

    private (ServiceModel Service, MethodModel Method) Find(string name)
    {
        var dot = name.IndexOf('.');
        var service = dot > 0 ? schema.Services.FirstOrDefault(s => s.WireName == name.Substring(0, dot)) : null;
        var method = service?.Methods.FirstOrDefault(m => m.WireName == name.Substring(dot + 1));
        if (service is null || method is null)
        {
            var close = MethodNames.Where(n => n.EndsWith("." + name.Substring(dot + 1), StringComparison.OrdinalIgnoreCase)).Take(3).ToList();
            throw new CliException($"unknown method '{name}'{(close.Count > 0 ? " (did you mean " + string.Join(", ", close) + "?)" : "")}.");
        }

        return (service, method);
    }

    private static ReadOnlyMemory<byte> Arguments(ServiceModel service, MethodModel method, string arguments)
    {
        var name = service.WireName + "." + method.WireName;
        if (string.IsNullOrWhiteSpace(arguments))
        {
            arguments = "[]";
        }

        JsonElement json;
        try
        {
            json = JsonDocument.Parse(arguments).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CliException($"arguments of {name} are not valid JSON: {e.Message}");
        }

        if (json.ValueKind == JsonValueKind.Array)
        {
            if (json.GetArrayLength() > method.Parameters.Count)
            {
                throw new CliException($"{name} takes {method.Parameters.Count} parameters, {json.GetArrayLength()} given.");
            }

            var missing = method.Parameters.Skip(json.GetArrayLength()).FirstOrDefault(p => p.Required);
            if (missing is not null)
            {
                throw new CliException($"{name} needs '{missing.WireName}' (help {name}).");
            }
        }
        else if (json.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in json.EnumerateObject())
            {
                if (!method.Parameters.Any(p => p.WireName == property.Name))
                {
                    throw new CliException($"{name} has no parameter '{property.Name}' (parameters: {string.Join(", ", method.Parameters.Select(p => p.WireName))}).");
                }
            }

            var missing = method.Parameters.FirstOrDefault(p => p.Required && !json.TryGetProperty(p.WireName, out _));
            if (missing is not null)
            {
                throw new CliException($"{name} needs '{missing.WireName}' (help {name}).");
            }
        }
        else
        {
            throw new CliException($"arguments of {name} must be a JSON array (positional) or object (by name).");
        }

        return Encoding.UTF8.GetBytes(json.GetRawText());
    }
}
