using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Cli.Explorer;
using QixGen.Errors;

namespace QixGen.Cli.Commands;

/// <summary>
/// <c>qixgen repl</c>: an engine explorer reading commands from standard input (a terminal or a script):
/// <c>Service.Method [JSON]</c>, <c>$N.Method [JSON]</c>, <c>help Service.Method</c>, <c>complete PREFIX</c>,
/// <c>handles</c>, <c>exit</c>. A mistake or an engine error prints one line and the session goes on.
/// </summary>
internal static class ReplCommand
{
    private const string Usage =
        "Commands: Service.Method [JSON]   call (Global.OpenDoc [\"app\"]; Doc.Evaluate {\"qExpression\":\"1+1\"})\n" +
        "          $N.Method [JSON]        call on a kept handle ($1 is the first object a call returned)\n" +
        "          help Service.Method     parameters, types and docs from the schema\n" +
        "          complete PREFIX         method names (Doc.Get, $1.Get), or parameter names (Doc.Evaluate ); Tab in a terminal\n" +
        "          handles                 the kept handles\n" +
        "          exit                    end";

    public static Command Create()
    {
        var connection = new ExplorerConnection();
        var command = new Command("repl", "Explore an engine interactively: call methods by name with JSON arguments, keep the handles they return, read the schema's docs.\n" + Usage);
        connection.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (explorer, engine) = await connection.ConnectAsync(parsed, cancellationToken);
            await using (engine)
            {
                Console.WriteLine("qixgen repl: 'help' for commands, Tab completes, 'exit' to end.");
                // A terminal gets line editing with Tab completion; a script (redirected input) is read line by line.
                var editor = Console.IsInputRedirected ? null : new LineEditor(explorer.Complete, Prompt);
                while ((editor is null ? await Console.In.ReadLineAsync(cancellationToken) : ReadInteractive(editor)) is { } line)
                {
                    // A trailing space matters to complete ("complete Doc.Evaluate " lists parameters).
                    var trimmed = line.Trim();
                    line = line.TrimStart().TrimEnd('\r', '\n');
                    if (trimmed.Length == 0 || trimmed.StartsWith('#'))
                    {
                        continue;
                    }

                    if (trimmed is "exit" or "quit")
                    {
                        break;
                    }

                    await RunAsync(explorer, line.StartsWith("complete ", StringComparison.Ordinal) ? line : trimmed, cancellationToken);
                }
            }

            return 0;
        });
        return command;
    }

    private const string Prompt = "qix> ";

    /// <summary>One line typed at the terminal (null: Ctrl+D on an empty line).</summary>
    private static string? ReadInteractive(LineEditor editor)
    {
        editor.Clear();
        Console.Write(Prompt);
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.D && key.Modifiers.HasFlag(ConsoleModifiers.Control) && editor.Line.Length == 0)
            {
                Console.WriteLine();
                return null;
            }

            var (echo, done) = editor.Key(key);
            Console.Write(echo);
            if (done)
            {
                return editor.Line;
            }
        }
    }

    private static async Task RunAsync(EngineExplorer explorer, string line, CancellationToken cancellationToken)
    {
        try
        {
            if (line == "help")
            {
                Console.WriteLine(Usage);
            }
            else if (line.StartsWith("help ", StringComparison.Ordinal))
            {
                Console.WriteLine(explorer.Help(line.Substring(5).Trim()));
            }
            else if (line.StartsWith("complete ", StringComparison.Ordinal) || line == "complete")
            {
                Console.WriteLine(string.Join(Environment.NewLine, explorer.Complete(line.Length > 9 ? line.Substring(9) : "")));
            }
            else if (line == "handles")
            {
                Console.WriteLine(string.Join(Environment.NewLine, explorer.Handles));
            }
            else
            {
                var space = line.IndexOf(' ');
                Console.WriteLine(space < 0
                    ? await explorer.CallAsync(line, "", cancellationToken)
                    : await explorer.CallAsync(line.Substring(0, space), line.Substring(space + 1), cancellationToken));
            }
        }
        catch (CliException e)
        {
            Console.WriteLine("error: " + e.Message);
        }
        catch (QixException e)
        {
            Console.WriteLine("engine error: " + e.Message);
        }
    }
}
