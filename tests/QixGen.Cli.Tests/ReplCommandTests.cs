using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace QixGen.Cli.Tests;

/// <summary>The explorer driving the simulator through scripted standard input, and one-shot calls.</summary>
public sealed class ReplCommandTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Repl_keeps_handles_shows_help_completes_and_reports_mistakes()
    {
        var script = string.Join("\n",
            "Global.OpenDoc [\"Sales.qvf\"]",
            "$1.Evaluate {\"qExpression\":\"Sum(Amount)\"}",
            "Doc.GetField [\"Country\"]",
            "$2.GetCardinal",
            "handles",
            "help Doc.Evaluate",
            "complete Doc.GetFie",
            "complete Doc.Evaluate ",
            "complete $1.GetFieldDesc",
            "complete $1.Evaluate ",
            "Doc.NoSuchMethod",
            "Doc.Evaluate {\"qExpresion\":\"1\"}",
            "Doc.Evaluate [1,",
            "$9.GetLayout",
            "exit",
            "");
        var (code, stdout, stderr) = await RunAsync(script, "repl", "--schema", CliRunner.OpenRpc("12.2528.0"), "--csv", await CsvAsync(), "--app", "Sales.qvf");
        output.WriteLine(stdout);
        Assert.True(code == 0, stderr);
        Assert.Contains("# kept as $1 (Doc)", stdout);
        Assert.Contains("\"qReturn\": \"43\"", stdout);
        Assert.Contains("# kept as $2 (Field)", stdout);
        Assert.Contains("\"qReturn\": 2", stdout); // Sweden, Norway
        Assert.Contains("$2 = Field", stdout);
        Assert.Contains("Doc.Evaluate(qExpression: string) -> qReturn: string", stdout);
        Assert.Contains("Doc.GetField" + Environment.NewLine, stdout);
        Assert.Contains("Doc.GetFieldDescription", stdout);
        Assert.Contains("$1.GetFieldDescription" + Environment.NewLine, stdout); // by the kept handle's type (Doc)
        Assert.Equal(2, stdout.Split(Environment.NewLine).Count(l => l == "qExpression")); // Doc.Evaluate and $1.Evaluate
        Assert.Contains("error: unknown method 'Doc.NoSuchMethod'", stdout);
        Assert.Contains("error: Doc.Evaluate has no parameter 'qExpresion' (parameters: qExpression)", stdout);
        Assert.Contains("error: arguments of Doc.Evaluate are not valid JSON", stdout);
        Assert.Contains("error: no handle $9", stdout);
    }

    [Fact]
    public async Task Call_runs_one_method_and_prints_json()
    {
        var (code, stdout, stderr) = await RunAsync("", "call", "Doc.Evaluate", "{\"qExpression\":\"Count(Country)\"}", "--open", "Sales.qvf",
            "--schema", CliRunner.OpenRpc("12.2528.0"), "--csv", await CsvAsync(), "--app", "Sales.qvf");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"qReturn\": \"3\"", stdout);
    }

    [Fact]
    public async Task Call_of_an_unknown_method_is_one_line_and_exit_code_2()
    {
        var (code, _, stderr) = await RunAsync("", "call", "Global.Nope", "--schema", CliRunner.OpenRpc("12.2528.0"));
        Assert.Equal(2, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("unknown method 'Global.Nope'", stderr);
    }

    private static async Task<string> CsvAsync()
    {
        var csv = Path.Combine(Path.GetTempPath(), "qixgen-repl-" + Guid.NewGuid().ToString("N") + ".csv");
        await File.WriteAllTextAsync(csv, "Country,Amount\nSweden,10\nNorway,32\nSweden,1\n");
        return csv;
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(string input, params string[] args)
    {
        using var process = CliRunner.StartProcess(args);
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
