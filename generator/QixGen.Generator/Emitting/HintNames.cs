using System;
using System.Collections.Generic;
using System.Text;

namespace QixGen.Generator.Emitting;

/// <summary>
/// Hint names Roslyn accepts, unique by construction. Roslyn compares hint names ignoring case and allows only
/// some characters; a clash or a bad character makes AddSource throw (CS8785, nothing generated). Names of
/// spec types differ in case only (NxInfo, nxinfo) and two schemas may share a namespace, so every hint name
/// passes through here.
/// </summary>
internal static class HintNames
{
    private const string Suffix = ".g.cs";
    private const int MaxStemLength = 120;

    /// <summary>
    /// <paramref name="desired"/> with characters outside [A-Za-z0-9._-] as '_', long stems shortened with a hash,
    /// and a number added when <paramref name="taken"/> (case-insensitive) already has it. Adds the result to taken.
    /// </summary>
    public static string Unique(string desired, HashSet<string> taken)
    {
        var stem = desired.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) ? desired.Substring(0, desired.Length - Suffix.Length) : desired;
        var builder = new StringBuilder(stem.Length);
        foreach (var c in stem)
        {
            builder.Append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ? c : '_');
        }

        stem = Parsing.NameRules.Shorten(builder.ToString(), MaxStemLength);
        if (stem.Length == 0)
        {
            stem = "_";
        }

        var name = stem + Suffix;
        for (var i = 2; !taken.Add(name); i++)
        {
            name = stem + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + Suffix;
        }

        return name;
    }
}
