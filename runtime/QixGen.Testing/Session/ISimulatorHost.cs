using System.Collections.Generic;
using QixGen.Testing.Data;
using QixGen.Testing.Hosting;

namespace QixGen.Testing.Session;

/// <summary>What a session needs from the simulator that hosts it: the registered apps and the options.</summary>
internal interface ISimulatorHost
{
    QixSimulatorOptions Options { get; }

    QixApp? FindApp(string idOrTitle);

    IReadOnlyCollection<QixApp> ListedApps { get; }
}
