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

        if (args.Length >= 2 && args[0] == "--cpu")
        {
            CpuTimeRunner.Run(args[1], args.Length >= 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
            return 0;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
