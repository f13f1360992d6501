using System.Linq;
using Xunit;

namespace QixGen.Generator.Tests;

/// <summary>
/// An invalid Namespace is one QIX022 at the schema and nothing generated, never thousands of compiler errors
/// inside generated files. (QixGen.targets stops the build earlier for most such names; the generator's own
/// check also catches keywords such as My.class, which a pattern cannot.)
/// </summary>
public sealed class NamespaceDiagnosticsTests
{
    [Theory]
    [InlineData("My-Qix.1205")]
    [InlineData("My.class")]
    [InlineData("My..Qix")]
    [InlineData("1205.Qix")]
    [InlineData("@class.Qix")]
    public void An_invalid_namespace_is_one_QIX022_and_nothing_else(string ns)
    {
        var path = TestPaths.Schema("12.1205.0");
        var run = GeneratorHarness.RunSchema(path, ns);

        Assert.Null(run.Result.Results.Single().Exception);
        var problem = Assert.Single(run.Problems);
        Assert.Equal("QIX022", problem.Id);
        Assert.Contains($"'{ns}'", problem.GetMessage());
        Assert.Equal(path, problem.Location.GetLineSpan().Path);
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData("My.Qix")]
    [InlineData("_Qix.V12_1205")]
    public void A_valid_namespace_generates(string ns)
    {
        var run = GeneratorHarness.RunSchema(TestPaths.Schema("12.1205.0"), ns);

        Assert.Empty(run.Problems);
        Assert.NotEmpty(run.Sources);
    }
}
