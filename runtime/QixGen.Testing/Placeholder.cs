namespace QixGen.Testing;

/// <summary>The engine simulator's namespace (the simulator lands with issue 4).</summary>
internal static class SimulatorInfo
{
    /// <summary>The schema version the simulator answers as.</summary>
    public const string EngineVersion = "12.2528.0";
}
