using System.IO;
using Xunit;

namespace QixGen.Runtime.Tests.Reliability;

/// <summary>A fact that needs the real recorded session in QixSharedDir: reported Skipped (not Passed) without it.</summary>
public sealed class SharedTrafficFactAttribute : FactAttribute
{
    public SharedTrafficFactAttribute()
    {
        if (!File.Exists(TestPaths.TrafficFile))
        {
            Skip = $"The recorded session {TestPaths.TrafficFile} is missing (QixSharedDir).";
        }
    }
}
