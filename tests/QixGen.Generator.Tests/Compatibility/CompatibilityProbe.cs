using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace QixGen.Generator.Tests.Compatibility;

/// <summary>
/// User code written from the compiled symbols of one release's generated bindings (not from names known to the
/// test, so it follows whatever the emitter produces): every public method called with its required arguments
/// and once more with the optional ones by name, every property read and written, every field and enum member
/// named. Each line belongs to one subject (<c>Type</c> or <c>Type.Member</c>), so a compile error against
/// another release names what broke.
/// </summary>
internal sealed class CompatibilityProbe
{
    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly StringBuilder _source = new();
    private readonly Dictionary<int, string> _subjects = new();
    private int _line;
    private int _local;

    private CompatibilityProbe()
    {
    }

    /// <summary>The probe's C# source (one file).</summary>
    public string Source => _source.ToString();

    /// <summary>Calls written (required-only and with optional parameters by name).</summary>
    public int Calls { get; private set; }

    /// <summary>Property, field and enum member uses written.</summary>
    public int Members { get; private set; }

    /// <summary>Public members and types the probe cannot express (generic ones, delegates): counted so the report says what is not covered.</summary>
    public int Skipped { get; private set; }

    /// <summary>The subject of a 0-based line of <see cref="Source"/>, or null for lines of no subject.</summary>
    public string? SubjectOf(int line) => _subjects.TryGetValue(line, out var subject) ? subject : null;

    /// <summary>Writes the probe for every public type declared in <paramref name="release"/>'s own source (the generated bindings).</summary>
    /// <param name="release">The compilation of the release's generated bindings.</param>
    /// <param name="className">The probe's class name (two probes can share one compilation).</param>
    public static CompatibilityProbe Write(Compilation release, string className)
    {
        var probe = new CompatibilityProbe();
        probe.Line(null, "#nullable enable");
        probe.Line(null, "#pragma warning disable");
        probe.Line(null, $"internal static class {className}");
        probe.Line(null, "{");
        var index = 0;
        foreach (var type in PublicTypes(release.Assembly.GlobalNamespace).OrderBy(t => t.ToDisplayString(), System.StringComparer.Ordinal))
        {
            probe.Type(type, index++);
        }

        probe.Line(null, "}");
        return probe;
    }

    private static IEnumerable<INamedTypeSymbol> PublicTypes(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                foreach (var type in PublicTypes(ns))
                {
                    yield return type;
                }
            }
            else if (member is INamedTypeSymbol { DeclaredAccessibility: Accessibility.Public } type && !type.IsImplicitlyDeclared && !HiddenFromUsers(type))
            {
                yield return type;
                foreach (var nested in PublicTypes(type))
                {
                    yield return nested;
                }
            }
        }
    }

    private void Type(INamedTypeSymbol type, int index)
    {
        var name = Name(type);
        var subject = SubjectName(type);
        if (type.IsGenericType || type.TypeKind == TypeKind.Delegate)
        {
            // Their members need type arguments the probe cannot choose; delegates have nothing to call by name.
            Skipped++;
            return;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            Line(subject, $"    private static void Use{index}()");
            Line(null, "    {");
            foreach (var field in type.GetMembers().OfType<IFieldSymbol>().Where(f => f.DeclaredAccessibility == Accessibility.Public && !f.IsImplicitlyDeclared))
            {
                Members++;
                Line(subject + "." + field.Name, $"        {name} m{_local++} = {name}.@{field.Name};");
            }

            Line(null, "    }");
            return;
        }

        var instance = !type.IsStatic;
        Line(subject, instance ? $"    private static void Use{index}({name} o)" : $"    private static void Use{index}()");
        Line(null, "    {");
        foreach (var member in type.GetMembers().Where(m => m.DeclaredAccessibility == Accessibility.Public && !m.IsImplicitlyDeclared && !m.IsOverride))
        {
            var target = member.IsStatic ? name : "o";
            var memberSubject = subject + "." + member.Name;
            switch (member)
            {
                case IFieldSymbol field:
                    Members++;
                    var fieldLocal = "f" + _local++;
                    Line(memberSubject, $"        {{ {Name(field.Type)} {fieldLocal} = {target}.@{field.Name};{(field.IsConst || field.IsReadOnly ? "" : $" {target}.@{field.Name} = {fieldLocal};")} }}");
                    break;
                case IPropertySymbol { IsIndexer: false } property:
                    Members++;
                    var local = "p" + _local++;
                    var read = property.GetMethod is { DeclaredAccessibility: Accessibility.Public } ? $"{Name(property.Type)} {local} = {target}.@{property.Name};" : $"{Name(property.Type)} {local} = default!;";
                    var write = property.SetMethod is { DeclaredAccessibility: Accessibility.Public, IsInitOnly: false } ? $" {target}.@{property.Name} = {local};" : "";
                    Line(memberSubject, $"        {{ {read}{write} }}");
                    break;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary } method when method.CanBeReferencedByName:
                    if (method.IsGenericMethod)
                    {
                        Skipped++;
                        break;
                    }

                    var optional = method.Parameters.Where(p => p.IsOptional || p.IsParams).ToList();
                    Line(memberSubject, "        " + Call(target, method, withOptional: false));
                    Calls++;
                    if (optional.Count > 0)
                    {
                        Line(memberSubject, "        " + Call(target, method, withOptional: true));
                        Calls++;
                    }

                    break;
            }
        }

        Line(null, "    }");
    }

    /// <summary>One block: a typed local per argument (so a parameter whose type changes fails), the call, the result in a typed local.</summary>
    private string Call(string target, IMethodSymbol method, bool withOptional)
    {
        var text = new StringBuilder("{ ");
        var arguments = new List<string>();
        foreach (var parameter in method.Parameters)
        {
            var isOptional = parameter.IsOptional || parameter.IsParams;
            if (isOptional && !withOptional)
            {
                continue;
            }

            var local = "a" + _local++;
            text.Append($"{Name(parameter.Type)} {local} = default!; ");
            var modifier = parameter.RefKind switch { RefKind.Ref => "ref ", RefKind.Out => "out ", RefKind.In => "in ", _ => "" };
            arguments.Add((isOptional ? "@" + parameter.Name + ": " : "") + modifier + local);
        }

        var call = $"{target}.@{method.Name}({string.Join(", ", arguments)});";
        text.Append(method.ReturnsVoid ? call : $"{Name(method.ReturnType)} r{_local++} = {call}");
        return text.Append(" }").ToString();
    }

    /// <summary>
    /// A type marked [EditorBrowsable(Never)]: the serialization plumbing the generated code calls (QixLists,
    /// QixNames), which user code does not write. Hidden members of visible types (the overloads kept for calls
    /// written against older releases) stay in the probe.
    /// </summary>
    private static bool HiddenFromUsers(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() == "System.ComponentModel.EditorBrowsableAttribute" &&
            a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is 1 /* EditorBrowsableState.Never */);

    private static string Name(ITypeSymbol type) => type.ToDisplayString(s_typeFormat);

    private static string SubjectName(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? SubjectName(outer) + "." + type.Name : type.Name;

    private void Line(string? subject, string text)
    {
        if (subject is not null)
        {
            _subjects[_line] = subject;
        }

        _source.Append(text).Append('\n');
        _line++;
    }
}
