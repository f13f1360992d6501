using System.Threading.Tasks;
using BenchmarkDotNet.Running;

namespace QixGen.Benchmarks;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "engine")
        {
            return await WireLoop.RunEngineAsync();
        }

        if (args.Length > 0 && args[0] == "wire")
        {
            return await WireLoop.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5, args.Length > 2 ? args[2] : null);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
