using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace QixGen.Generator.Tests;

/// <summary>
/// A user file as a .NET SDK project with ImplicitUsings sees it: the SDK's global usings plus a using of the
/// bindings' namespace, naming every generated top-level type unqualified (a clash with System.Range is CS0104).
/// </summary>
internal static class ImplicitUsings
{
    /// <summary>What Microsoft.NET.Sdk imports with ImplicitUsings enabled.</summary>
    public static readonly string[] Namespaces =
    {
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    };

    /// <summary>The run's output with the user file added: its diagnostics then cover both.</summary>
    public static GenerationRun WithUserFile(this GenerationRun run, string generatedNamespace) =>
        run with { Output = run.Output.AddSyntaxTrees(UserFile(run.Output, generatedNamespace)) };

    /// <summary>The namespace symbol of a dotted name (it must exist).</summary>
    public static INamespaceSymbol Namespace(Compilation compilation, string name)
    {
        var ns = compilation.GlobalNamespace;
        foreach (var part in name.Split('.'))
        {
            ns = ns.GetNamespaceMembers().Single(n => n.Name == part);
        }

        return ns;
    }

    private static SyntaxTree UserFile(Compilation output, string generatedNamespace)
    {
        var ns = Namespace(output, generatedNamespace);
        var text = new StringBuilder();
        foreach (var name in Namespaces)
        {
            text.Append("global using ").Append(name).Append(";\n");
        }

        // Qlik's deprecated types are obsolete: naming them is the point here, not a mistake.
        text.Append("using ").Append(generatedNamespace).Append(";\n\n#pragma warning disable CS0612, CS0618\n\nnamespace QixUser.ImplicitUsings;\n\n");
        text.Append("internal static class UsesEveryGeneratedType\n{\n    internal static global::System.Type[] Types => new[]\n    {\n");
        foreach (var type in ns.GetTypeMembers().Where(t => t.DeclaredAccessibility == Accessibility.Public && t.Arity == 0).OrderBy(t => t.Name, System.StringComparer.Ordinal))
        {
            text.Append("        typeof(").Append(type.Name).Append("),\n");
        }

        text.Append("    };\n}\n");
        return CSharpSyntaxTree.ParseText(text.ToString(), GeneratorHarness.ParseOptions, path: "/project/ImplicitUsingsUser.cs");
    }
}
