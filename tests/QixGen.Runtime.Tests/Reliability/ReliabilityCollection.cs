using Xunit;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>
/// The fuzzer and the soak run alone: they count unobserved task exceptions process-wide and bound memory, which
/// other tests running in parallel would disturb.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability (alone)";
}
