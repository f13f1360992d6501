using System.IO;
using System.Linq;
using System.Reflection;

namespace QixGen.Runtime.Tests;

internal static class TestPaths
{
    public static string SharedDir { get; } = typeof(TestPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "QixSharedDir").Value!;

    public static string TrafficFile => Path.Combine(SharedDir, "fixtures", "traffic", "enigma-go-mock-mode.traffic");
}
