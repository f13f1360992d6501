using System;
using System.Collections.Generic;
using System.Linq;
using QixGen.Generator.Model;

namespace QixGen.Cli.Diff;

/// <summary>
/// Compares two schema models by wire names (so C# naming rules do not matter): methods, parameters, results,
/// types, properties, enums, enum members, deprecations and stability marks. Source compatibility of the generated
/// C#: removing anything, changing a type, adding a required parameter or making one required breaks it; adding,
/// making a parameter optional, deprecating (a warning) and stability marks do not.
/// </summary>
internal static class SchemaDiff
{
    public static IReadOnlyList<SchemaChange> Compare(SchemaModel old, SchemaModel @new)
    {
        var changes = new List<SchemaChange>();
        CompareMethods(old, @new, changes);
        CompareTypes(old, @new, changes);
        CompareEnums(old, @new, changes);
        return changes;
    }

    private static void CompareMethods(SchemaModel old, SchemaModel @new, List<SchemaChange> changes)
    {
        var oldMethods = Methods(old);
        var newMethods = Methods(@new);
        foreach (var (name, method) in newMethods.Where(m => !oldMethods.ContainsKey(m.Key)))
        {
            changes.Add(new(ChangeSubject.Method, ChangeKind.Added, name, Signature(method), false));
        }

        foreach (var (name, method) in oldMethods)
        {
            if (!newMethods.TryGetValue(name, out var now))
            {
                changes.Add(new(ChangeSubject.Method, ChangeKind.Removed, name, Signature(method), true));
                continue;
            }

            var oldParams = method.Parameters.ToDictionary(p => p.WireName, StringComparer.Ordinal);
            var newParams = now.Parameters.ToDictionary(p => p.WireName, StringComparer.Ordinal);
            foreach (var p in now.Parameters.Where(p => !oldParams.ContainsKey(p.WireName)))
            {
                changes.Add(new(ChangeSubject.Parameter, ChangeKind.Added, $"{name}({p.WireName})", (p.Required ? "required " : "optional ") + Describe(p.Type), p.Required));
            }

            foreach (var p in method.Parameters)
            {
                if (!newParams.TryGetValue(p.WireName, out var q))
                {
                    changes.Add(new(ChangeSubject.Parameter, ChangeKind.Removed, $"{name}({p.WireName})", Describe(p.Type), true));
                }
                else if (q.Type != p.Type)
                {
                    changes.Add(new(ChangeSubject.Parameter, ChangeKind.Changed, $"{name}({p.WireName})", $"type {Describe(p.Type)} -> {Describe(q.Type)}", true));
                }
                else if (q.Required != p.Required)
                {
                    changes.Add(new(ChangeSubject.Parameter, ChangeKind.Changed, $"{name}({p.WireName})", q.Required ? "optional -> required" : "required -> optional", q.Required));
                }
            }

            var oldResult = string.Join(", ", method.Outputs.Select(o => o.WireName + ": " + Describe(o.Type)));
            var newResult = string.Join(", ", now.Outputs.Select(o => o.WireName + ": " + Describe(o.Type)));
            if (oldResult != newResult)
            {
                changes.Add(new(ChangeSubject.Result, ChangeKind.Changed, name, $"({oldResult}) -> ({newResult})", true));
            }

            CompareStatus(name, method.Status, now.Status, changes);
        }
    }

    private static void CompareTypes(SchemaModel old, SchemaModel @new, List<SchemaChange> changes)
    {
        var oldTypes = old.DataTypes.ToDictionary(t => t.WireName, StringComparer.Ordinal);
        var newTypes = @new.DataTypes.ToDictionary(t => t.WireName, StringComparer.Ordinal);
        foreach (var type in @new.DataTypes.Where(t => !oldTypes.ContainsKey(t.WireName)))
        {
            changes.Add(new(ChangeSubject.Type, ChangeKind.Added, type.WireName, $"{type.Properties.Count} properties", false));
        }

        foreach (var type in old.DataTypes)
        {
            if (!newTypes.TryGetValue(type.WireName, out var now))
            {
                changes.Add(new(ChangeSubject.Type, ChangeKind.Removed, type.WireName, $"{type.Properties.Count} properties", true));
                continue;
            }

            var oldProps = type.Properties.ToDictionary(p => p.WireName, StringComparer.Ordinal);
            var newProps = now.Properties.ToDictionary(p => p.WireName, StringComparer.Ordinal);
            foreach (var p in now.Properties.Where(p => !oldProps.ContainsKey(p.WireName)))
            {
                changes.Add(new(ChangeSubject.Property, ChangeKind.Added, type.WireName + "." + p.WireName, Describe(p.Type), false));
            }

            foreach (var p in type.Properties)
            {
                if (!newProps.TryGetValue(p.WireName, out var q))
                {
                    changes.Add(new(ChangeSubject.Property, ChangeKind.Removed, type.WireName + "." + p.WireName, Describe(p.Type), true));
                    continue;
                }

                if (q.Type != p.Type)
                {
                    changes.Add(new(ChangeSubject.Property, ChangeKind.Changed, type.WireName + "." + p.WireName, $"type {Describe(p.Type)} -> {Describe(q.Type)}", true));
                }

                CompareStatus(type.WireName + "." + p.WireName, p.Status, q.Status, changes);
            }

            CompareStatus(type.WireName, type.Status, now.Status, changes);
        }
    }

    private static void CompareEnums(SchemaModel old, SchemaModel @new, List<SchemaChange> changes)
    {
        var oldEnums = old.Enums.ToDictionary(e => e.WireName, StringComparer.Ordinal);
        var newEnums = @new.Enums.ToDictionary(e => e.WireName, StringComparer.Ordinal);
        foreach (var e in @new.Enums.Where(e => !oldEnums.ContainsKey(e.WireName)))
        {
            changes.Add(new(ChangeSubject.Enum, ChangeKind.Added, e.WireName, $"{e.Members.Count} members", false));
        }

        foreach (var e in old.Enums)
        {
            if (!newEnums.TryGetValue(e.WireName, out var now))
            {
                changes.Add(new(ChangeSubject.Enum, ChangeKind.Removed, e.WireName, $"{e.Members.Count} members", true));
                continue;
            }

            var oldMembers = new HashSet<string>(e.Members.Select(m => m.WireValue), StringComparer.Ordinal);
            var newMembers = new HashSet<string>(now.Members.Select(m => m.WireValue), StringComparer.Ordinal);
            foreach (var m in now.Members.Where(m => !oldMembers.Contains(m.WireValue)))
            {
                changes.Add(new(ChangeSubject.EnumMember, ChangeKind.Added, e.WireName + "." + m.WireValue, m.LongName ?? string.Empty, false));
            }

            foreach (var m in e.Members.Where(m => !newMembers.Contains(m.WireValue)))
            {
                changes.Add(new(ChangeSubject.EnumMember, ChangeKind.Removed, e.WireName + "." + m.WireValue, m.LongName ?? string.Empty, true));
            }

            CompareStatus(e.WireName, e.Status, now.Status, changes);
        }
    }

    private static void CompareStatus(string name, ApiStatus old, ApiStatus now, List<SchemaChange> changes)
    {
        if ((old.ObsoleteMessage is null) != (now.ObsoleteMessage is null))
        {
            changes.Add(now.ObsoleteMessage is not null
                ? new(ChangeSubject.Deprecation, ChangeKind.Added, name, now.ObsoleteMessage, false)
                : new(ChangeSubject.Deprecation, ChangeKind.Removed, name, old.ObsoleteMessage!, false));
        }

        if (old.Experimental != now.Experimental)
        {
            changes.Add(new(ChangeSubject.Stability, now.Experimental ? ChangeKind.Added : ChangeKind.Removed, name, "experimental", false));
        }
    }

    private static Dictionary<string, MethodModel> Methods(SchemaModel model)
    {
        var methods = new Dictionary<string, MethodModel>(StringComparer.Ordinal);
        foreach (var service in model.Services)
        {
            foreach (var method in service.Methods)
            {
                methods[service.WireName + "." + method.WireName] = method;
            }
        }

        return methods;
    }

    private static string Signature(MethodModel method) =>
        "(" + string.Join(", ", method.Parameters.Select(p => p.WireName + (p.Required ? "" : "?") + ": " + Describe(p.Type))) + ")";

    /// <summary>A type as the schema means it (the wire type name, not the C# one).</summary>
    public static string Describe(TypeRef type) => type.Kind switch
    {
        TypeKind.Array => Describe(type.Element!) + "[]",
        TypeKind.Object or TypeKind.Enum => type.Name!,
        TypeKind.ObjectInterface => "ObjectInterface",
        _ => type.Kind.ToString().ToLowerInvariant(),
    };
}
