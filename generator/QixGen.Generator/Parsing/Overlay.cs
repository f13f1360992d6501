using System.Collections.Generic;
using QixGen.Generator.Diagnostics;
using QixGen.Generator.Json;
using QixGen.Generator.Model;

namespace QixGen.Generator.Parsing;

/// <summary>One fact we add to the spec: method <c>Service.Method</c> returns a <c>Target</c> proxy.</summary>
internal sealed record OverlayEntry(string Method, string Target, SourceSpot? Spot);

/// <summary>
/// Facts of the API that the spec does not state, written by us (schemas/overlays) or by a user.
/// Today: which proxy class each ObjectInterface-returning method hands back.
/// </summary>
internal sealed record Overlay(string? FilePath, EquatableArray<OverlayEntry> ObjectInterfaces)
{
    public static readonly Overlay Empty = new(null, EquatableArray<OverlayEntry>.Empty);

    /// <summary>Reads an overlay file; problems become diagnostics, never exceptions.</summary>
    public static Overlay Parse(string path, string text, List<DiagnosticInfo> diagnostics)
    {
        JsonNode root;
        try
        {
            root = JsonTextParser.Parse(text);
        }
        catch (JsonTextException e)
        {
            diagnostics.Add(DiagnosticInfo.Create(QixDiagnostics.MalformedJson, new SourceSpot(path, e.Position.Line, e.Position.Column), path, e.Message));
            return new Overlay(path, EquatableArray<OverlayEntry>.Empty);
        }

        var entries = new List<OverlayEntry>();
        if (root is JsonObjectNode obj)
        {
            foreach (var property in obj.Properties)
            {
                if (property.Name == "objectInterfaces" && property.Value is JsonObjectNode map)
                {
                    foreach (var entry in map.Properties)
                    {
                        var spot = new SourceSpot(path, entry.NamePosition.Line, entry.NamePosition.Column);
                        if (entry.Value is JsonStringNode target)
                        {
                            entries.Add(new OverlayEntry(entry.Name, target.Value, spot));
                        }
                        else
                        {
                            diagnostics.Add(DiagnosticInfo.Create(QixDiagnostics.UnknownOverlayEntry, spot, entry.Name, path, "the value must be the name of a service such as \"Doc\""));
                        }
                    }
                }
                else if (!property.Name.StartsWith("$", System.StringComparison.Ordinal))
                {
                    var spot = new SourceSpot(path, property.NamePosition.Line, property.NamePosition.Column);
                    diagnostics.Add(DiagnosticInfo.Create(QixDiagnostics.UnknownOverlayEntry, spot, property.Name, path, "only \"objectInterfaces\" is known"));
                }
            }
        }
        else
        {
            diagnostics.Add(DiagnosticInfo.Create(QixDiagnostics.UnknownOverlayEntry, new SourceSpot(path, root.Position.Line, root.Position.Column), "(root)", path, "an overlay is a JSON object"));
        }

        return new Overlay(path, entries.ToEquatableArray());
    }
}
