using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QixGen.Generator.Tests.Fuzzing;

/// <summary>
/// Compiles the outputs of many accepted cases in one compilation (each case has its own namespace and its
/// own tree paths) and maps every warning or error back to its case: one compilation per case would cost minutes.
/// </summary>
internal static class BatchCompiler
{
    /// <summary>Per case index: the first problems of its output (warnings count: generated code must be clean).</summary>
    public static Dictionary<int, List<string>> Compile(IReadOnlyList<CaseResult> cases, out int injectedMembers)
    {
        var trees = new List<SyntaxTree>();
        var owner = new Dictionary<SyntaxTree, int>();
        injectedMembers = 0;
        var problems = new Dictionary<int, List<string>>();
        foreach (var result in cases)
        {
            foreach (var (hint, source) in result.Sources)
            {
                var tree = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: $"/fuzz/{result.Input.Index}/{hint}");
                trees.Add(tree);
                owner[tree] = result.Input.Index;
                // A spec that broke out of a comment or literal shows up as a member the generator never writes.
                if (tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.ValueText == "Injected"))
                {
                    injectedMembers++;
                    Add(problems, result.Input.Index, "a spec-injected member 'Injected' in " + hint);
                }
            }
        }

        var compilation = GeneratorHarness.Compilation().AddSyntaxTrees(trees);
        foreach (var diagnostic in compilation.GetDiagnostics())
        {
            if (diagnostic.Severity < DiagnosticSeverity.Warning)
            {
                continue;
            }

            var tree = diagnostic.Location.SourceTree;
            if (tree is not null && owner.TryGetValue(tree, out var index))
            {
                Add(problems, index, diagnostic.ToString());
            }
            else
            {
                // Not attributable to one tree: blame every case of the batch rather than hide it.
                foreach (var result in cases)
                {
                    Add(problems, result.Input.Index, "(batch) " + diagnostic);
                }
            }
        }

        return problems;
    }

    private static void Add(Dictionary<int, List<string>> problems, int index, string text)
    {
        if (!problems.TryGetValue(index, out var list))
        {
            problems[index] = list = new List<string>();
        }

        if (list.Count < 5)
        {
            list.Add(text);
        }
    }
}
