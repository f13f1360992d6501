using Xunit;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>
/// A fact that needs Node and fast-json-patch: skipped with the reason when they are missing, unless
/// QIXGEN_REQUIRE_NODE=1, in which case it runs and fails with the reason.
/// </summary>
public sealed class FastJsonPatchFactAttribute : FactAttribute
{
    public FastJsonPatchFactAttribute()
    {
        var problem = FastJsonPatchRunner.FindProblem();
        if (problem is not null && !FastJsonPatchRunner.Required)
        {
            Skip = $"{problem} Set {FastJsonPatchRunner.RequireVariable}=1 to make this a failure instead of a skip.";
        }
    }
}
