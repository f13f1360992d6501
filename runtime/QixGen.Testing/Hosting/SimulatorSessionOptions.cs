using System;
using System.Threading.Tasks;
using QixGen.Session;
using QixGen.Transport;

namespace QixGen.Testing.Hosting;

/// <summary>Session options that connect to a simulator in this process (no network, no port).</summary>
public static class SimulatorSessionOptions
{
    /// <summary>
    /// Options whose transport is a new in-memory connection to <paramref name="simulator"/> for every session
    /// (and every resume): <c>await QixSession.ConnectAsync(simulator.CreateSessionOptions())</c>.
    /// </summary>
    /// <param name="simulator">The simulator to connect to.</param>
    /// <param name="options">Options to complete (their transport factory is replaced); new options when null.</param>
    /// <returns>The options.</returns>
    public static QixSessionOptions CreateSessionOptions(this QixEngineSimulator simulator, QixSessionOptions? options = null)
    {
        if (simulator is null)
        {
            throw new ArgumentNullException(nameof(simulator));
        }

        options ??= new QixSessionOptions();
        options.TransportFactory = (_, _) => new ValueTask<IQixTransport>(simulator.ConnectInMemory());
        return options;
    }
}
