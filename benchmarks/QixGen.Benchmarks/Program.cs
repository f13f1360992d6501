using BenchmarkDotNet.Running;

namespace QixGen.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--cpu")
        {
            CpuTimeRunner.Run(args[1], args.Length >= 3 ? int.Parse(args[2]) : 5);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
