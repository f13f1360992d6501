using System;

namespace QixGen;

/// <summary>
/// Marks an engine API member that Qlik publishes as experimental (<c>x-qlik-stability: experimental</c>):
/// it may change or disappear in any engine release.
/// </summary>
[AttributeUsage(AttributeTargets.All, Inherited = false)]
public sealed class QixExperimentalAttribute : Attribute
{
}
