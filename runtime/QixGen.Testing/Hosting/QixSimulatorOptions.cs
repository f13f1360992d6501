using System;

namespace QixGen.Testing.Hosting;

/// <summary>Settings of a <see cref="QixEngineSimulator"/>.</summary>
public sealed class QixSimulatorOptions
{
    /// <summary>
    /// How long <c>DoReload</c> spends per loaded row (default zero), so a test can watch <c>GetProgress</c>
    /// or cancel a reload. 100 rows at 10 ms take one second.
    /// </summary>
    public TimeSpan ReloadDelayPerRow { get; set; } = TimeSpan.Zero;

    /// <summary>Where <c>LOAD ... FROM [file]</c> finds relative paths (and <c>lib://Any/</c> paths); default: the current directory.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Seeds the script's <c>Rand()</c> so reloads are repeatable; null: random.</summary>
    public int? RandomSeed { get; set; }

    /// <summary>The largest request accepted, in bytes (default 64 MiB).</summary>
    public int MaxMessageSize { get; set; } = 64 * 1024 * 1024;
}
