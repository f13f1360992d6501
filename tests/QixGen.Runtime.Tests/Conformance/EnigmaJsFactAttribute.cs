using System;
using System.IO;
using QixGen.Runtime.Tests.Delta;
using Xunit;

namespace QixGen.Runtime.Tests.Conformance;

/// <summary>
/// What the enigma.js conformance tests need: Node on PATH and enigma.js installed in Conformance/node
/// (<c>npm ci --prefix tests/QixGen.Runtime.Tests/Conformance/node</c>). Missing, the tests are skipped with the
/// reason, unless QIXGEN_REQUIRE_NODE=1 (CI), where they run and fail with it.
/// </summary>
internal static class EnigmaJs
{
    public const string InstallCommand = "npm ci --prefix tests/QixGen.Runtime.Tests/Conformance/node";

    public static string NodeFolder { get; } = FastJsonPatchRunner.FindRuntimeTestsFolder(Path.Combine("Conformance", "node"))
        ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Conformance", "node"));

    /// <summary>Why the conformance scripts cannot run here, or null when they can.</summary>
    public static string? FindProblem() => FindProblem(NodeFolder, InstallCommand);

    /// <summary>Why scripts in <paramref name="nodeFolder"/> cannot run enigma.js here (no Node, or not installed), or null.</summary>
    public static string? FindProblem(string nodeFolder, string installCommand)
    {
        if (FastJsonPatchRunner.FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node") is null)
        {
            return "'node' is not on PATH (Node 20 or later runs the enigma.js reference client).";
        }

        if (!File.Exists(Path.Combine(nodeFolder, "node_modules", "enigma.js", "package.json")))
        {
            return $"enigma.js is not installed in {nodeFolder}; run `{installCommand}`.";
        }

        return null;
    }

    public static string? SkipReason() => SkipReason(FindProblem());

    /// <summary>The skip reason for <paramref name="problem"/>: none when there is none or when Node is required (CI).</summary>
    public static string? SkipReason(string? problem) =>
        problem is not null && !FastJsonPatchRunner.Required
            ? $"{problem} Set {FastJsonPatchRunner.RequireVariable}=1 to make this a failure instead of a skip."
            : null;
}

/// <summary>A fact that runs enigma.js under Node: skipped when Node or enigma.js is missing (see <see cref="EnigmaJs"/>).</summary>
public sealed class EnigmaJsFactAttribute : FactAttribute
{
    public EnigmaJsFactAttribute() => Skip = EnigmaJs.SkipReason();
}

/// <summary>A theory that runs enigma.js under Node: skipped when Node or enigma.js is missing (see <see cref="EnigmaJs"/>).</summary>
public sealed class EnigmaJsTheoryAttribute : TheoryAttribute
{
    public EnigmaJsTheoryAttribute() => Skip = EnigmaJs.SkipReason();
}
