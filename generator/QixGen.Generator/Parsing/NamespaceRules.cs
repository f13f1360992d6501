using Microsoft.CodeAnalysis.CSharp;

namespace QixGen.Generator.Parsing;

/// <summary>Whether a QixSchema item's Namespace can be a C# namespace (checked before anything is emitted).</summary>
internal static class NamespaceRules
{
    /// <summary>
    /// True for dotted identifiers (<c>My.Qix</c>); false for an empty part, a character C# does not allow
    /// (<c>My-Qix.1205</c>), a reserved keyword (<c>My.class</c>) or a verbatim <c>@class</c> (generated file names
    /// carry the namespace, and a keyword namespace would need <c>@</c> in every user's using).
    /// </summary>
    public static bool IsValid(string? ns)
    {
        if (string.IsNullOrEmpty(ns))
        {
            return false;
        }

        foreach (var part in ns!.Split('.'))
        {
            if (!SyntaxFacts.IsValidIdentifier(part) || SyntaxFacts.GetKeywordKind(part) != SyntaxKind.None)
            {
                return false;
            }
        }

        return true;
    }
}
