using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using QixGen.Generator.Parsing;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Generator.Tests.Naming;

/// <summary>
/// docs/naming.md: no generated type is named like a type of the namespaces ImplicitUsings imports, so user code
/// that imports the bindings' namespace compiles (Range and System.Range was CS0104).
/// </summary>
public sealed class ImplicitUsingsTests(ITestOutputHelper output)
{
    [Fact]
    public void The_reserved_names_are_every_public_non_generic_type_of_the_implicitly_imported_namespaces_of_NET_8()
    {
        var compilation = CSharpCompilation.Create("Probe", references: Basic.Reference.Assemblies.Net80.References.All);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var ns in ImplicitUsings.Namespaces)
        {
            foreach (var type in ImplicitUsings.Namespace(compilation, ns).GetTypeMembers().Where(t => t.DeclaredAccessibility == Accessibility.Public && t.Arity == 0))
            {
                count++;
                if (!BclTypeNames.Contains(type.Name))
                {
                    missing.Add(type.Name);
                }
            }
        }

        output.WriteLine($"{count} public non-generic types in {ImplicitUsings.Namespaces.Length} namespaces; missing: {missing.Count}");
        output.WriteLine(string.Join(", ", missing.Select(n => "\"" + n + "\"")));
        Assert.True(count > 300, "too few types found: " + count);
        Assert.Empty(missing);
    }
}
