using System.IO;
using System.Linq;
using System.Reflection;

namespace QixGen.Package.Tests;

/// <summary>Where the repository, the shared engine schemas and the built samples are (set by the project file).</summary>
internal static class TestPaths
{
    public static string SharedDir { get; } = Metadata("QixSharedDir");

    public static string RepoRoot { get; } = Path.GetFullPath(Metadata("QixRepoRoot"));

    public static string ConsumersDir { get; } = Path.Combine(System.AppContext.BaseDirectory, "Consumers");

    public static string Schema(string release) => Path.Combine(SharedDir, "schemas", "openrpc", $"engine-rpc-{release}.json");

    /// <summary>The built sample's entry assembly, e.g. samples/Quickstart/bin/Debug/net10.0/Quickstart.dll.</summary>
    public static string SampleAssembly(string name) => Path.Combine(RepoRoot, "samples", name, Metadata("SamplesOutput"), name + ".dll");

    private static string Metadata(string key) => typeof(TestPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;
}
