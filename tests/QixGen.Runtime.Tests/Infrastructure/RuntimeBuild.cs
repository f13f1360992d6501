using System;
using System.Reflection;
using System.Runtime.Versioning;
using QixGen.Session;
using Xunit;

namespace QixGen.Runtime.Tests;

/// <summary>
/// Which build of QixGen.Runtime this test process runs: the net8.0 one (QixGen.Runtime.Tests) or the netstandard2.0
/// one (QixGen.Runtime.NetStandard.Tests compiles these same files against it).
/// </summary>
internal static class RuntimeBuild
{
    /// <summary>The runtime assembly's TargetFrameworkAttribute, e.g. <c>.NETStandard,Version=v2.0</c>.</summary>
    public static string? TargetFramework { get; } = typeof(QixSession).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;

    /// <summary>Whether the runtime under test is the netstandard2.0 build.</summary>
    public static bool IsNetStandard { get; } = TargetFramework?.StartsWith(".NETStandard,", StringComparison.Ordinal) == true;

    /// <summary>The skip reason of a test of something the netstandard2.0 build does not have, or null when it runs.</summary>
    public static string? SkipOnNetStandard(string missing) => IsNetStandard ? $"Not in the netstandard2.0 build: {missing}" : null;
}

/// <summary>A fact about what the netstandard2.0 build does not have (a .NET 8 API): reported Skipped, with why, there.</summary>
public sealed class NotOnNetStandardFactAttribute : FactAttribute
{
    /// <param name="missing">What the netstandard2.0 build lacks that the test needs.</param>
    public NotOnNetStandardFactAttribute(string missing) => Skip = RuntimeBuild.SkipOnNetStandard(missing);
}

/// <summary>A theory about what the netstandard2.0 build does not have (a .NET 8 API): reported Skipped, with why, there.</summary>
public sealed class NotOnNetStandardTheoryAttribute : TheoryAttribute
{
    /// <param name="missing">What the netstandard2.0 build lacks that the test needs.</param>
    public NotOnNetStandardTheoryAttribute(string missing) => Skip = RuntimeBuild.SkipOnNetStandard(missing);
}
