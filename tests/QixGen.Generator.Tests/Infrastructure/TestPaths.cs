using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace QixGen.Generator.Tests;

/// <summary>The QixSharedDir the tests were built with (../shared by default).</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class SharedDirAttribute(string path) : Attribute
{
    public string Path { get; } = path;
}

/// <summary>The repository root the tests were built from.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class RepoRootAttribute(string path) : Attribute
{
    public string Path { get; } = path;
}

internal static class TestPaths
{
    public static string SharedDir { get; } =
        Environment.GetEnvironmentVariable("QIX_SHARED_DIR") is { Length: > 0 } fromEnv
            ? fromEnv
            : typeof(TestPaths).Assembly.GetCustomAttribute<SharedDirAttribute>()!.Path;

    public static string RepoRoot { get; } = typeof(TestPaths).Assembly.GetCustomAttribute<RepoRootAttribute>()!.Path;

    public static string OpenRpcDir => Path.Combine(SharedDir, "schemas", "openrpc");

    public static string EnigmaDir => Path.Combine(SharedDir, "schemas", "enigmajs");

    public static string TrafficFile => Path.Combine(SharedDir, "fixtures", "traffic", "enigma-go-mock-mode.traffic");

    public static string Schema(string version) => Path.Combine(OpenRpcDir, $"engine-rpc-{version}.json");

    public static string[] AllOpenRpcSchemas() =>
        Directory.GetFiles(OpenRpcDir, "engine-rpc-*.json").OrderBy(p => p, StringComparer.Ordinal).ToArray();
}
