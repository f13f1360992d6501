using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace QixGen.Cli.Tests;

/// <summary>
/// What the enigma.js test of <c>qixgen serve</c> needs: Node on PATH and enigma.js + ws installed in
/// tests/QixGen.Runtime.Tests/Conformance/node (<c>npm ci --prefix tests/QixGen.Runtime.Tests/Conformance/node</c>),
/// shared with the runtime's conformance tests. Missing, the test is skipped with the reason, unless
/// QIXGEN_REQUIRE_NODE=1 (CI), where it runs and fails with it.
/// </summary>
internal static class EnigmaJs
{
    public static string RepoRoot { get; } =
        typeof(EnigmaJs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QixRepoRoot").Value!;

    public static string NodeModules => Path.Combine(RepoRoot, "tests", "QixGen.Runtime.Tests", "Conformance", "node", "node_modules");

    public static string Script(string name) => Path.Combine(RepoRoot, "tests", "QixGen.Cli.Tests", "node", name);

    public static string? Node { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "node.exe" : "node"))
        .FirstOrDefault(File.Exists);

    public static string? SkipReason()
    {
        var problem = Node is null
            ? "'node' is not on PATH."
            : !File.Exists(Path.Combine(NodeModules, "enigma.js", "package.json")) || !File.Exists(Path.Combine(NodeModules, "ws", "package.json"))
                ? $"enigma.js and ws are not installed in {NodeModules}; run `npm ci --prefix tests/QixGen.Runtime.Tests/Conformance/node`."
                : null;
        return problem is not null && Environment.GetEnvironmentVariable("QIXGEN_REQUIRE_NODE") != "1"
            ? problem + " Set QIXGEN_REQUIRE_NODE=1 to make this a failure instead of a skip."
            : null;
    }
}

/// <summary>A fact that runs enigma.js under Node: skipped when Node or enigma.js is missing (see <see cref="EnigmaJs"/>).</summary>
public sealed class EnigmaJsFactAttribute : FactAttribute
{
    public EnigmaJsFactAttribute() => Skip = OperatingSystem.IsWindows() ? "the test ends serve with POSIX signals" : EnigmaJs.SkipReason();
}

/// <summary>
/// <see cref="EnigmaJsFactAttribute"/> for a test that stops serve with SIGINT: skipped too when this process ignores
/// SIGINT (a shell without job control starts background commands so, and children inherit it: serve could then not
/// see the signal, as any program run there could not, and would rightly keep serving).
/// </summary>
public sealed class EnigmaJsSigIntFactAttribute : FactAttribute
{
    public EnigmaJsSigIntFactAttribute() =>
        Skip = new EnigmaJsFactAttribute().Skip ?? (SigIntIgnored() ? "SIGINT is ignored in this process (inherited: started in the background by a shell without job control), so no child can receive it." : null);

    /// <summary>Whether SIGINT (2) is in this process's ignored-signal mask (<c>SigIgn</c> of /proc/self/status).</summary>
    private static bool SigIntIgnored()
    {
        const string Prefix = "SigIgn:";
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal)) : null;
        return line is not null
            && ulong.TryParse(line.AsSpan(Prefix.Length).Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var mask)
            && (mask & (1UL << (2 - 1))) != 0;
    }
}
