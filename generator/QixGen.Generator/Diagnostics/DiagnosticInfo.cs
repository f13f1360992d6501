using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using QixGen.Generator.Model;

namespace QixGen.Generator.Diagnostics;

/// <summary>Where in which file a diagnostic points (plain data, comparable across runs).</summary>
internal sealed record SourceSpot(string FilePath, int Line, int Column);

/// <summary>A diagnostic carried as data through the pipeline and reported from its own output.</summary>
internal sealed record DiagnosticInfo(string Id, SourceSpot? Spot, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceSpot? spot, params string[] arguments) =>
        new(descriptor.Id, spot, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic()
    {
        var descriptor = QixDiagnostics.Find(Id);
        var location = Location.None;
        if (Spot is not null)
        {
            var line = new LinePosition(System.Math.Max(0, Spot.Line - 1), System.Math.Max(0, Spot.Column - 1));
            location = Location.Create(Spot.FilePath, new TextSpan(0, 0), new LinePositionSpan(line, line));
        }

        var args = new object[Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }

        return Diagnostic.Create(descriptor, location, args);
    }
}
