using Xunit;

namespace QixGen.Generator.Tests;

/// <summary>
/// The generated code for 12.2528.0, reviewed and kept under Snapshots/. A change to the emitter shows up here
/// as a readable diff; accept intended changes with QIXGEN_ACCEPT_SNAPSHOTS=1.
/// </summary>
public sealed class SnapshotTests
{
    private static readonly GenerationRun Run = GeneratorHarness.RunSchema(TestPaths.Schema("12.2528.0"), "Qix.Snapshots");

    [Theory]
    [InlineData("Global")]
    [InlineData("Doc")]
    [InlineData("GenericObject")]
    [InlineData("Field")]
    [InlineData("Results")]
    [InlineData("GenericObjectProperties")]
    [InlineData("NxCell")]
    [InlineData("NxDataPage")]
    [InlineData("NxSortIndicatorType")]
    [InlineData("StateEnumType")]
    [InlineData("QixApi")]
    public void Generated_file_matches_its_snapshot(string name) =>
        Snapshot.Verify(name, Run.Source($"Qix.Snapshots.{name}.g.cs"));

    [Fact]
    public void Generation_is_deterministic()
    {
        var again = GeneratorHarness.RunSchema(TestPaths.Schema("12.2528.0"), "Qix.Snapshots");
        foreach (var source in Run.Sources)
        {
            Assert.Equal(source.SourceText.ToString(), again.Source(source.HintName));
        }
    }
}
