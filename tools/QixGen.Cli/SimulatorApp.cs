using System;
using System.CommandLine;
using System.IO;
using QixGen.Testing.Data;
using QixGen.Testing.Hosting;

namespace QixGen.Cli;

/// <summary>The options that describe the simulator's app (serve, call, repl) and the app they build.</summary>
internal sealed class SimulatorApp
{
    public Option<string?> Csv { get; } = new("--csv") { Description = "A CSV file (first line: field names) loaded as one table of the simulator's app.", HelpName = "FILE" };

    public Option<string?> Script { get; } = new("--script") { Description = "A load script (LOAD ... INLINE, LOAD FROM files next to the script) to build the simulator's app with.", HelpName = "FILE" };

    public Option<string> App { get; } = new("--app") { Description = "The app id (OpenDoc, or the URL path /app/ID).", HelpName = "ID", DefaultValueFactory = _ => "app.qvf" };

    public Option<string?> Table { get; } = new("--table") { Description = "With --csv: the table name (default: the file name without extension).", HelpName = "NAME" };

    public void AddTo(Command command)
    {
        command.Options.Add(Csv);
        command.Options.Add(Script);
        command.Options.Add(App);
        command.Options.Add(Table);
    }

    /// <summary>A simulator holding the app the options describe (an empty app when neither --csv nor --script is given and <paramref name="required"/> is false).</summary>
    /// <exception cref="CliException">Both or (when required) neither data option, or a file or script that cannot be loaded.</exception>
    public QixEngineSimulator CreateSimulator(ParseResult parsed, bool required)
    {
        var (csv, script) = (parsed.GetValue(Csv), parsed.GetValue(Script));
        if (csv is not null && script is not null || required && csv is null && script is null)
        {
            throw new CliException("give exactly one of --csv FILE or --script FILE.");
        }

        var appId = parsed.GetValue(App)!;
        var builder = new AppBuilder(appId);
        try
        {
            if (csv is not null)
            {
                builder.Csv(parsed.GetValue(Table) ?? Path.GetFileNameWithoutExtension(csv), csv);
            }
            else if (script is not null)
            {
                builder.DataDirectory(Path.GetDirectoryName(Path.GetFullPath(script))!).Script(SchemaFile.Read(script));
            }

            var engine = new QixEngineSimulator();
            engine.AddApp(builder.Build());
            return engine;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or UnauthorizedAccessException)
        {
            throw new CliException(e.Message);
        }
    }
}
