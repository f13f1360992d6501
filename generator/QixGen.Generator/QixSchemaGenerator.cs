using System;
using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using QixGen.Generator.Diagnostics;
using QixGen.Generator.Emitting;
using QixGen.Generator.Model;
using QixGen.Generator.Parsing;

namespace QixGen.Generator;

/// <summary>
/// Generates typed QIX bindings for every <c>QixSchema</c> item of a project (AdditionalFiles with
/// <c>QixKind=Schema</c>). Pipeline: file text -> parsed model (value-equatable) -> emitted sources;
/// diagnostics flow as data and are reported from their own output.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class QixSchemaGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for caching tests.</summary>
    public static class Steps
    {
        /// <summary>Schema files with their options.</summary>
        public const string SchemaInputs = "QixSchemaInputs";

        /// <summary>User overlay files.</summary>
        public const string Overlays = "QixOverlays";

        /// <summary>Parsed models and diagnostics.</summary>
        public const string Parsed = "QixParsed";

        /// <summary>Models that reach the emitter.</summary>
        public const string Models = "QixModels";

        /// <summary>Generated files (or the fault that stopped the emitter) per model.</summary>
        public const string Emitted = "QixEmitted";
    }

    private static readonly Lazy<(Overlay Overlay, ImmutableArray<DiagnosticInfo> Diagnostics)> s_builtInOverlay = new(LoadBuiltInOverlay);

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, ct) => ReadInput(pair.Left, pair.Right, ct))
            .Where(static input => input is not null)
            .Select(static (input, _) => input!);

        var schemas = files.Where(static input => input.Kind == "Schema").WithTrackingName(Steps.SchemaInputs);
        // Overlays and TypesFrom specs: files a schema names, matched by path when it is parsed.
        var overlays = files.Where(static input => input.Kind is "Overlay" or "Types")
            .Collect()
            .Select(static (items, _) => items.ToEquatableArray())
            .WithTrackingName(Steps.Overlays);

        var parsed = schemas.Combine(overlays)
            .Select(static (pair, ct) => ParseSafely(pair.Left, pair.Right))
            .WithTrackingName(Steps.Parsed);

        context.RegisterSourceOutput(parsed.Select(static (result, _) => result.Diagnostics), static (spc, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var models = parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => (Model: result.Model!, result.SourcePath))
            .WithTrackingName(Steps.Models);

        var emitted = models
            .Select(static (pair, _) => EmitSafely(pair.Model, pair.SourcePath))
            .WithTrackingName(Steps.Emitted);

        // All schemas' files go through one output, so hint names are unique across schemas (two schemas may
        // share a namespace) as well as within one (type names differing in case only).
        context.RegisterSourceOutput(emitted.Collect(), static (spc, outputs) => AddSources(spc, outputs));
    }

    /// <summary>The emitter's files for <paramref name="model"/>, or an internal fault as QIX009 at the schema file.</summary>
    private static EmitResult EmitSafely(SchemaModel model, string schemaPath)
    {
        try
        {
            return new EmitResult(schemaPath, Emitter.Emit(model).ToEquatableArray(), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new EmitResult(schemaPath, EquatableArray<GeneratedFile>.Empty, InternalError(schemaPath, e));
        }
    }

    private static void AddSources(SourceProductionContext spc, ImmutableArray<EmitResult> outputs)
    {
        var taken = new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var output in outputs)
        {
            if (output.Fault is not null)
            {
                spc.ReportDiagnostic(output.Fault.ToDiagnostic());
                continue;
            }

            foreach (var file in output.Files)
            {
                spc.CancellationToken.ThrowIfCancellationRequested();
                try
                {
                    spc.AddSource(HintNames.Unique(file.HintName, taken), SourceText.From(file.Source, System.Text.Encoding.UTF8));
                }
                catch (ArgumentException e)
                {
                    // Unreachable by construction of the hint names; kept so Roslyn never sees a generator crash.
                    spc.ReportDiagnostic(InternalError(output.SchemaPath, e).ToDiagnostic());
                }
            }
        }
    }

    private static DiagnosticInfo InternalError(string schemaPath, Exception e) =>
        DiagnosticInfo.Create(QixDiagnostics.InternalError, new SourceSpot(schemaPath, 1, 1), Path.GetFileName(schemaPath), e.GetType().Name + ": " + e.Message);

    /// <summary><see cref="Parse"/>, with any internal fault (overlays included) as QIX009 instead of an exception.</summary>
    private static ParseResult ParseSafely(SchemaInput input, EquatableArray<SchemaInput> overlayFiles)
    {
        try
        {
            return Parse(input, overlayFiles);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ParseResult(null, new[] { InternalError(input.Path, e) }.ToEquatableArray(), input.Path);
        }
    }

    private static SchemaInput? ReadInput(AdditionalText file, AnalyzerConfigOptionsProvider optionsProvider, System.Threading.CancellationToken ct)
    {
        var options = optionsProvider.GetOptions(file);
        if (!options.TryGetValue("build_metadata.AdditionalFiles.QixKind", out var kind) || string.IsNullOrEmpty(kind))
        {
            return null;
        }

        options.TryGetValue("build_metadata.AdditionalFiles.Namespace", out var ns);
        options.TryGetValue("build_metadata.AdditionalFiles.Overlay", out var overlay);
        options.TryGetValue("build_metadata.AdditionalFiles.TypesFrom", out var typesFrom);
        optionsProvider.GlobalOptions.TryGetValue("build_property.MSBuildProjectDirectory", out var projectDirectory);
        var text = file.GetText(ct)?.ToString() ?? string.Empty;
        return new SchemaInput(
            file.Path,
            kind!,
            string.IsNullOrWhiteSpace(ns) ? null : ns!.Trim(),
            ResolveOverlayPath(overlay, projectDirectory),
            text,
            ResolveOverlayPath(typesFrom, projectDirectory));
    }

    private static string? ResolveOverlayPath(string? overlay, string? projectDirectory)
    {
        if (string.IsNullOrWhiteSpace(overlay))
        {
            return null;
        }

        try
        {
            var path = overlay!.Trim();
            if (!Path.IsPathRooted(path) && !string.IsNullOrEmpty(projectDirectory))
            {
                path = Path.Combine(projectDirectory, path);
            }

            return NormalizePath(path);
        }
        catch (ArgumentException)
        {
            return overlay;
        }
    }

    private static string NormalizePath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }
    }

    private static ParseResult Parse(SchemaInput input, EquatableArray<SchemaInput> overlayFiles)
    {
        var builtIn = s_builtInOverlay.Value;
        var diagnostics = ImmutableArray.CreateBuilder<DiagnosticInfo>();
        diagnostics.AddRange(builtIn.Diagnostics);
        Overlay? userOverlay = null;
        if (input.OverlayPath is not null)
        {
            SchemaInput? overlayFile = null;
            foreach (var candidate in overlayFiles)
            {
                if (candidate.Kind == "Overlay" && string.Equals(NormalizePath(candidate.Path), input.OverlayPath, StringComparison.OrdinalIgnoreCase))
                {
                    overlayFile = candidate;
                }
            }

            if (overlayFile is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(QixDiagnostics.OverlayNotFound, new SourceSpot(input.Path, 1, 1), input.OverlayPath, Path.GetFileName(input.Path)));
            }
            else
            {
                var overlayDiagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
                userOverlay = Overlay.Parse(overlayFile.Path, overlayFile.Text, overlayDiagnostics);
                diagnostics.AddRange(overlayDiagnostics);
            }
        }

        var ns = input.Namespace ?? OpenRpcParser.DefaultNamespace(input.Path);
        if (!NamespaceRules.IsValid(ns))
        {
            diagnostics.Add(DiagnosticInfo.Create(QixDiagnostics.InvalidNamespace, new SourceSpot(input.Path, 1, 1), ns, Path.GetFileName(input.Path)));
            return new ParseResult(null, diagnostics.ToEquatableArray(), input.Path);
        }

        var result = OpenRpcParser.Parse(input.Path, input.Text, ns, builtIn.Overlay, userOverlay, TypesFrom(input, overlayFiles));
        if (diagnostics.Count == 0)
        {
            return result;
        }

        diagnostics.AddRange(result.Diagnostics);
        return result with { Diagnostics = diagnostics.ToEquatableArray() };
    }

    /// <summary>The OpenRPC spec an enigma.js schema names in TypesFrom (text null when the project does not pass it).</summary>
    private static TypesSource? TypesFrom(SchemaInput input, EquatableArray<SchemaInput> files)
    {
        if (input.TypesFromPath is null)
        {
            return null;
        }

        foreach (var candidate in files)
        {
            if (candidate.Kind == "Types" && string.Equals(NormalizePath(candidate.Path), input.TypesFromPath, StringComparison.OrdinalIgnoreCase))
            {
                return new TypesSource(input.TypesFromPath, candidate.Text);
            }
        }

        return new TypesSource(input.TypesFromPath, null);
    }

    private static (Overlay, ImmutableArray<DiagnosticInfo>) LoadBuiltInOverlay()
    {
        var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
        using var stream = typeof(QixSchemaGenerator).GetTypeInfo().Assembly.GetManifestResourceStream("QixGen.Generator.object-interfaces.json");
        if (stream is null)
        {
            return (Overlay.Empty, ImmutableArray<DiagnosticInfo>.Empty);
        }

        using var reader = new StreamReader(stream);
        var overlay = Overlay.Parse("object-interfaces.json", reader.ReadToEnd(), diagnostics);
        return (overlay, diagnostics.ToImmutableArray());
    }
}

/// <summary>A schema or overlay file as the pipeline sees it: path, options and content (value-equatable).</summary>
internal sealed record SchemaInput(string Path, string Kind, string? Namespace, string? OverlayPath, string Text, string? TypesFromPath = null);

/// <summary>What the emitter made of one model: its files, or the fault that stopped it.</summary>
internal sealed record EmitResult(string SchemaPath, EquatableArray<GeneratedFile> Files, DiagnosticInfo? Fault);
