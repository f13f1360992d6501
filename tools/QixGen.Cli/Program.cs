using System;
using System.Linq;
using System.Threading.Tasks;
using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using QixGen.Cli.Commands;

namespace QixGen.Cli;

/// <summary>
/// qixgen: the QixGen command line. Exit codes: 0 done; 1 the schema has errors (generate); 2 a mistake on the
/// command line or in an input file (one line on stderr, no stack trace).
/// </summary>
public static class Program
{
    /// <summary>Runs qixgen with <paramref name="args"/> and returns its exit code.</summary>
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand(
            "qixgen: tools for the Qlik Associative Engine API schemas that QixGen generates C# from.\n" +
            "A schema is an OpenRPC engine spec (engine-rpc-12.2528.0.json) or an enigma.js schema file (3.2.json).\n" +
            "Examples:\n" +
            "  qixgen inspect engine-rpc-12.2528.0.json\n" +
            "  qixgen diff engine-rpc-12.1205.0.json engine-rpc-12.2528.0.json --format markdown\n" +
            "  qixgen generate engine-rpc-12.2528.0.json -o Generated --namespace My.Qix\n" +
            "  qixgen serve --csv sales.csv --app Sales.qvf --port 9076\n" +
            "  qixgen call Doc.Evaluate '{\"qExpression\":\"Sum(Amount)\"}' --schema engine-rpc-12.2528.0.json --csv sales.csv --open app.qvf\n" +
            "  qixgen repl --schema engine-rpc-12.2528.0.json --csv sales.csv\n" +
            "Run qixgen COMMAND --help for a command's options.\n" +
            "Exit codes: 0 done; 1 the engine, the network or the schema failed; 2 a mistake on the command line or in an input file.")
        {
            InspectCommand.Create(),
            DiffCommand.Create(),
            GenerateCommand.Create(),
            ServeCommand.Create(),
            CallCommand.Create(),
            ReplCommand.Create(),
        };

        // Shell completion (dotnet-suggest): qixgen [suggest:POSITION] "command line" prints the candidates.
        var suggest = root.Directives.OfType<SuggestDirective>().FirstOrDefault();
        if (suggest is null)
        {
            root.Directives.Add(suggest = new SuggestDirective());
        }

        var parsed = root.Parse(args);
        // --help and completion run even when the rest of the line is incomplete.
        if (parsed.Action is HelpAction || (parsed.Action is not null && ReferenceEquals(parsed.Action, suggest.Action)))
        {
            return await parsed.InvokeAsync();
        }

        if (parsed.Errors.Count > 0)
        {
            return Mistake(parsed.Errors[0].Message, parsed);
        }

        try
        {
            // serve handles SIGINT/SIGTERM itself and shuts down in order, so no forced termination timeout.
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (CliException e)
        {
            return Mistake(e.Message, parsed);
        }
        catch (Exception e) when (e is QixGen.Errors.QixException or System.IO.IOException or TimeoutException or System.Net.WebSockets.WebSocketException or System.Security.Authentication.AuthenticationException)
        {
            Console.Error.WriteLine("qixgen: " + e.Message);
            return 1;
        }
    }

    private static int Mistake(string message, ParseResult parsed)
    {
        var help = parsed.CommandResult.Command is RootCommand ? "qixgen --help" : "qixgen " + parsed.CommandResult.Command.Name + " --help";
        // One line: System.CommandLine lists accepted values on lines of their own.
        var oneLine = string.Join(" ", message.Split(new[] { '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries).Select(part => part.Trim()));
        Console.Error.WriteLine($"qixgen: {oneLine} ({help} for usage)");
        return 2;
    }
}
