using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using QixGen.Generator.Model;
using QixGen.Generator.Parsing;

namespace QixGen.Cli;

/// <summary>Reads a schema file (OpenRPC or enigma.js) into the generator's model, through the generator's own parser.</summary>
internal static class SchemaFile
{
    /// <summary>The model of <paramref name="path"/>; <paramref name="typesFrom"/>: the OpenRPC spec an enigma.js file takes types from.</summary>
    /// <exception cref="CliException">The file is missing, unreadable, or not a schema the generator can read.</exception>
    public static SchemaModel Load(string path, string? typesFrom = null)
    {
        var text = Read(path);
        var types = typesFrom is null ? null : new TypesSource(Path.GetFullPath(typesFrom), Read(typesFrom));
        var result = OpenRpcParser.Parse(Path.GetFullPath(path), text, "Qix", Overlay.Empty, null, types);
        var error = result.Diagnostics.Select(d => d.ToDiagnostic()).FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (error is not null || result.Model is null)
        {
            throw new CliException(error is null ? $"{path}: not a schema qixgen can read." : Describe(error));
        }

        return result.Model;
    }

    /// <summary>The text of <paramref name="path"/>.</summary>
    /// <exception cref="CliException">It does not exist or cannot be read.</exception>
    public static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"cannot read '{path}': {e.Message}");
        }
    }

    /// <summary>A diagnostic as one line: file(line,col): id: message.</summary>
    public static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var where = span.Path is { Length: > 0 } file ? $"{file}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): " : string.Empty;
        return $"{where}{diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
