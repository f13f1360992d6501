using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace QixGen.Generator.Tests;

/// <summary>Code written against an older release keeps compiling against a newer one.</summary>
public sealed class CompatibilityTests
{
    // Written against 12.1205.0, where Global.CancelReload has no parameters; 12.1777.0 appended qReason.
    private const string CallSite = """
        using System.Threading;
        using System.Threading.Tasks;
        using Qix;

        internal static class Automation
        {
            public static async Task Run(Global global, Doc doc, CancellationToken ct)
            {
                await global.CancelReloadAsync();
                await global.CancelReloadAsync(ct);
                await global.CancelReloadAsync(cancellationToken: ct);
                Field field = await doc.GetFieldAsync("Region", ct);
                GenericObject created = (await doc.CreateObjectAsync(new GenericObjectProperties { Info = new NxInfo { Type = "x" } }, ct)).Return;
                await doc.GetDatabaseTableFieldsAsync("conn", null, null, "table", ct);
            }
        }
        """;

    [Theory]
    [InlineData("12.1205.0")]
    [InlineData("12.1777.0")]
    [InlineData("12.2528.0")]
    public void Call_site_written_for_12_1205_compiles(string version)
    {
        var run = GeneratorHarness.RunSchema(TestPaths.Schema(version), "Qix", CallSite);
        Assert.True(run.Problems.Count == 0, GenerationRun.Describe(run.Problems));
    }

    [Fact]
    public void The_newer_optional_parameter_is_usable_by_name_and_position()
    {
        var run = GeneratorHarness.RunSchema(TestPaths.Schema("12.2528.0"), "Qix", """
            using System.Threading;
            using System.Threading.Tasks;
            using Qix;

            internal static class Automation
            {
                public static Task Run(Global global, CancellationToken ct) =>
                    global.CancelReloadAsync("too slow", ct);
                public static Task RunNamed(Global global) =>
                    global.CancelReloadAsync(reason: "too slow");
            }
            """);
        Assert.True(run.Problems.Count == 0, GenerationRun.Describe(run.Problems));

        // And the same call does not compile against the release that lacks the parameter: the check can fail.
        var old = GeneratorHarness.RunSchema(TestPaths.Schema("12.1205.0"), "Qix", """
            using System.Threading.Tasks;
            internal static class Automation { public static Task Run(Qix.Global g) => g.CancelReloadAsync(reason: "x"); }
            """);
        Assert.Contains(old.Problems, d => d.Severity == DiagnosticSeverity.Error && d.Id == "CS1739");
    }
}
