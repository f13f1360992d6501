using System;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Cli.Explorer;

namespace QixGen.Cli.Commands;

/// <summary><c>qixgen call Service.Method [JSON]</c>: one call, the result printed as JSON.</summary>
internal static class CallCommand
{
    public static Command Create()
    {
        var connection = new ExplorerConnection();
        var method = new Argument<string>("METHOD") { Description = "Service.Method, e.g. Global.EngineVersion. A Doc method runs on the app opened with --open." };
        var arguments = new Argument<string?>("ARGS") { Description = "JSON arguments: a positional array [\"Sales.qvf\"] or an object by name {\"qDocName\":\"Sales.qvf\"}.", Arity = ArgumentArity.ZeroOrOne };
        var open = new Option<string?>("--open") { Description = "Open this app first (Global.OpenDoc), so Doc methods have a handle.", HelpName = "APP" };
        var command = new Command("call", "Call one engine method by name with JSON arguments and print the result as JSON.") { method, arguments, open };
        connection.AddTo(command);
        // Shell completion (System.CommandLine's [suggest] directive, dotnet-suggest): method names, then the
        // method's parameter names, from the schema --schema names.
        method.CompletionSources.Add(context => Schema(context, connection) is { } schema ? SchemaCompletion.Methods(schema, context.WordToComplete) : Enumerable.Empty<string>());
        arguments.CompletionSources.Add(context =>
            Schema(context, connection) is { } schema && context.ParseResult.GetValue(method) is { } name
                ? SchemaCompletion.Parameters(schema, name).Where(p => p.StartsWith(context.WordToComplete.TrimStart('{', '"'), StringComparison.OrdinalIgnoreCase))
                : Enumerable.Empty<string>());
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (explorer, engine) = await connection.ConnectAsync(parsed, cancellationToken);
            await using (engine)
            {
                if (parsed.GetValue(open) is { } app)
                {
                    await explorer.CallAsync("Global.OpenDoc", "[" + System.Text.Json.JsonSerializer.Serialize(app) + "]", cancellationToken);
                }

                Console.WriteLine(await explorer.CallAsync(parsed.GetValue(method)!, parsed.GetValue(arguments) ?? "", cancellationToken));
            }

            return 0;
        });
        return command;
    }

    /// <summary>The schema named on the command line being completed, or null when there is none (yet) or it cannot be read.</summary>
    private static Generator.Model.SchemaModel? Schema(System.CommandLine.Completions.CompletionContext context, ExplorerConnection connection)
    {
        try
        {
            return context.ParseResult.GetValue(connection.Schema) is { Length: > 0 } path ? SchemaFile.Load(path) : null;
        }
        catch (CliException)
        {
            return null;
        }
    }
}
