using System.IO;
using System.Linq;
using System.Reflection;

namespace QixGen.Testing.Tests.Infrastructure;

/// <summary>Paths into ../shared (schemas, recordings), passed in by the build as assembly metadata; never copied.</summary>
internal static class SharedFiles
{
    public static string Directory { get; } = typeof(SharedFiles).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "QixSharedDir").Value!;

    public static string Schema => Path.Combine(Directory, "schemas", "openrpc", "engine-rpc-12.2528.0.json");

    public static string Recording => Path.Combine(Directory, "fixtures", "traffic", "enigma-go-mock-mode.traffic");
}
