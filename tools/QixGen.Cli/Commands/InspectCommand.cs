using System;
using System.CommandLine;
using System.Linq;
using QixGen.Generator.Model;

namespace QixGen.Cli.Commands;

/// <summary><c>qixgen inspect SCHEMA</c>: what a schema holds (version, services and their methods, types, enums, deprecations).</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var schema = new Argument<string>("SCHEMA") { Description = "The engine schema: an OpenRPC spec or an enigma.js schema file." };
        var typesFrom = new Option<string?>("--types-from") { Description = "For an enigma.js schema: the OpenRPC spec to take types from.", HelpName = "SPEC" };
        var command = new Command("inspect", "Summarise a schema: engine version, services with their method counts, types, enums and deprecations.")
        {
            schema, typesFrom,
        };
        command.SetAction(parsed =>
        {
            Console.Write(Describe(SchemaFile.Load(parsed.GetValue(schema)!, parsed.GetValue(typesFrom))));
            return 0;
        });
        return command;
    }

    public static string Describe(SchemaModel model)
    {
        var text = new System.Text.StringBuilder();
        var methods = model.Services.Sum(s => s.Methods.Count);
        text.AppendLine($"{model.SourceFileName}: engine {model.EngineVersion}");
        text.AppendLine($"services: {model.Services.Count}, methods: {methods}, types: {model.DataTypes.Count}, enums: {model.Enums.Count}");
        foreach (var service in model.Services)
        {
            text.AppendLine($"  {service.WireName}: {service.Methods.Count} methods");
        }

        var deprecated = model.Services.SelectMany(s => s.Methods.Where(m => m.Status.ObsoleteMessage is not null).Select(m => s.WireName + "." + m.WireName))
            .Concat(model.DataTypes.Where(t => t.Status.ObsoleteMessage is not null).Select(t => t.WireName))
            .Concat(model.DataTypes.SelectMany(t => t.Properties.Where(p => p.Status.ObsoleteMessage is not null).Select(p => t.WireName + "." + p.WireName)))
            .ToList();
        var experimental = model.Services.Sum(s => s.Methods.Count(m => m.Status.Experimental));
        text.AppendLine($"deprecated: {deprecated.Count}, experimental methods: {experimental}");
        foreach (var name in deprecated)
        {
            text.AppendLine($"  deprecated {name}");
        }

        return text.ToString();
    }
}
