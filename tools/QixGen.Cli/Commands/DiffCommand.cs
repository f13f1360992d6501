using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Text;
using System.Text.Json;
using QixGen.Cli.Diff;

namespace QixGen.Cli.Commands;

/// <summary><c>qixgen diff OLD NEW [--format text|markdown|json]</c>: what changed between two releases' schemas.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var old = new Argument<string>("OLD") { Description = "The older release's schema (OpenRPC or enigma.js)." };
        var @new = new Argument<string>("NEW") { Description = "The newer release's schema." };
        var format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "markdown", "json");
        var command = new Command("diff", "Show what changed between two releases: methods, parameters, results, types, properties, enums, enum members, deprecations and stability marks. Changes that break code written against the old release's generated C# are marked BREAKING.")
        {
            old, @new, format,
        };
        command.SetAction(parsed =>
        {
            var oldModel = SchemaFile.Load(parsed.GetValue(old)!);
            var newModel = SchemaFile.Load(parsed.GetValue(@new)!);
            var changes = SchemaDiff.Compare(oldModel, newModel);
            Console.Write(parsed.GetValue(format) switch
            {
                "json" => Json(oldModel.EngineVersion, newModel.EngineVersion, changes),
                "markdown" => Markdown(oldModel.EngineVersion, newModel.EngineVersion, changes),
                _ => Text(oldModel.EngineVersion, newModel.EngineVersion, changes),
            });
            return 0;
        });
        return command;
    }

    private static string Text(string from, string to, IReadOnlyList<SchemaChange> changes)
    {
        var text = new StringBuilder();
        text.AppendLine($"{from} -> {to}: {changes.Count} changes, {changes.Count(c => c.Breaking)} breaking");
        foreach (var change in changes)
        {
            var sign = change.Kind switch { ChangeKind.Added => "+", ChangeKind.Removed => "-", _ => "~" };
            text.AppendLine($"{sign} {change.Subject.ToString().ToLowerInvariant(),-11} {change.Name}  {change.Detail}{(change.Breaking ? "  BREAKING" : "")}");
        }

        return text.ToString();
    }

    private static string Markdown(string from, string to, IReadOnlyList<SchemaChange> changes)
    {
        var text = new StringBuilder();
        text.AppendLine($"# {from} -> {to}");
        text.AppendLine();
        text.AppendLine($"{changes.Count} changes, {changes.Count(c => c.Breaking)} breaking source compatibility.");
        text.AppendLine();
        text.AppendLine("| change | what | name | detail | breaking |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var change in changes)
        {
            text.AppendLine($"| {change.Kind.ToString().ToLowerInvariant()} | {change.Subject.ToString().ToLowerInvariant()} | `{Cell(change.Name)}` | {Cell(change.Detail)} | {(change.Breaking ? "**yes**" : "")} |");
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");

    private static string Json(string from, string to, IReadOnlyList<SchemaChange> changes)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var key = change.Subject.ToString().ToLowerInvariant() + "." + change.Kind.ToString().ToLowerInvariant();
            counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
        }

        var document = new
        {
            from,
            to,
            breaking = changes.Count(c => c.Breaking),
            counts,
            changes = changes.Select(c => new
            {
                subject = c.Subject.ToString().ToLowerInvariant(),
                kind = c.Kind.ToString().ToLowerInvariant(),
                name = c.Name,
                detail = c.Detail,
                breaking = c.Breaking,
            }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;
    }
}
