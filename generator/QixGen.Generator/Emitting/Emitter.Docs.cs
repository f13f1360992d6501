using System.Collections.Generic;
using QixGen.Generator.Model;

namespace QixGen.Generator.Emitting;

/// <summary>Doc comments (converted from the spec's Markdown and HTML, linked to C# members) and type attributes.</summary>
internal sealed partial class Emitter
{
    /// <summary>
    /// The <c>summary</c> of a member: the description's first paragraph (or <paramref name="fallback"/>, XML, when
    /// there is none), and its other blocks (headings, lists, notes, code) as <c>remarks</c>.
    /// </summary>
    internal static void Summary(SourceWriter w, string? description, string? fallback = null, DocLinks? links = null)
    {
        var blocks = DocMarkup.Parse(description, links ?? DocLinks.None);
        if (blocks.Count == 0)
        {
            if (fallback is not null)
            {
                DocElement(w, "summary", new List<string> { fallback });
            }

            return;
        }

        var inSummary = blocks[0].Kind == DocBlockKind.Paragraph ? 1 : blocks.Count;
        DocElement(w, "summary", DocMarkup.Render(blocks.GetRange(0, inSummary), firstPlain: true));
        if (inSummary < blocks.Count)
        {
            DocElement(w, "remarks", DocMarkup.Render(blocks.GetRange(inSummary, blocks.Count - inSummary), firstPlain: false));
        }
    }

    /// <summary>Writes <c>&lt;name&gt;</c> around <paramref name="lines"/> of XML doc text.</summary>
    internal static void DocElement(SourceWriter w, string name, List<string> lines, string attributes = "")
    {
        w.Line($"/// <{name}{attributes}>");
        foreach (var line in lines)
        {
            w.Line("/// " + line);
        }

        w.Line($"/// </{name}>");
    }

    /// <summary>
    /// Doc links to every generated type and proxy class, by wire name (<c>_HyperCube_</c> -> HyperCube): the outer
    /// scope of every member's links.
    /// </summary>
    private static DocLinks TypeLinks(SchemaModel model)
    {
        var links = DocLinks.None.Inner();
        foreach (var service in model.Services)
        {
            links.Cref(service.WireName, $"global::{model.Namespace}.{service.Name}");
        }

        foreach (var type in model.DataTypes)
        {
            links.Cref(type.WireName, $"global::{model.Namespace}.{type.Name}");
        }

        foreach (var type in model.Enums)
        {
            links.Cref(type.WireName, $"global::{model.Namespace}.{type.Name}");
        }

        return links.Build();
    }

    /// <summary>Doc links of a data type's descriptions: its own properties, then every type.</summary>
    internal DocLinks DataTypeLinks(DataTypeModel type)
    {
        var links = _typeLinks.Inner();
        foreach (var property in type.Properties)
        {
            links.Cref(property.WireName, $"global::{_ns}.{type.Name}.{property.Name}");
        }

        return links.Build();
    }

    /// <summary>
    /// Doc links of a proxy's descriptions: its methods that have no compatibility overloads (a cref to an overloaded
    /// name is ambiguous, CS0419), then every type.
    /// </summary>
    private DocLinks ServiceLinks(ServiceModel service)
    {
        var links = _typeLinks.Inner();
        foreach (var method in service.Methods)
        {
            if (!CallShape.Of(method).HasOverloads(method))
            {
                links.Cref(method.WireName, $"global::{_ns}.{service.Name}.{method.Name}");
            }
        }

        return links.Build();
    }

    /// <summary>Doc links of a method's descriptions: its parameters, its result's properties, then the service's.</summary>
    private DocLinks MethodLinks(DocLinks serviceLinks, MethodModel method)
    {
        var links = serviceLinks.Inner();
        foreach (var parameter in method.Parameters)
        {
            links.ParamRef(parameter.WireName, parameter.Name);
        }

        if (method.ResultTypeName is not null)
        {
            foreach (var output in method.Outputs)
            {
                links.Cref(output.WireName, $"global::{_ns}.{method.ResultTypeName}.{output.PropertyName}");
            }
        }

        return links.Build();
    }

    /// <summary>A method's summary, remarks, parameters and returns.</summary>
    private void MethodDocs(SourceWriter w, ServiceModel service, MethodModel method, DocLinks links)
    {
        Summary(w, method.Description, $"Calls <c>{DocText.Escape(service.WireName)}.{DocText.Escape(method.WireName)}</c>.", links);
        foreach (var p in method.Parameters)
        {
            var blocks = DocMarkup.Parse(p.Description, links);
            var optional = p.Required ? null : "Optional: null leaves it to the engine.";
            var name = p.Name.TrimStart('@');
            if (blocks.Count == 0 || (blocks.Count == 1 && blocks[0].Kind == DocBlockKind.Paragraph))
            {
                var text = DocMarkup.OneLine(blocks);
                w.Line($"/// <param name=\"{name}\">{text}{(optional is null ? string.Empty : (text.Length > 0 ? " " : string.Empty) + optional)}</param>");
                continue;
            }

            var lines = DocMarkup.Render(blocks, firstPlain: true);
            if (optional is not null)
            {
                lines.Add($"<para>{optional}</para>");
            }

            DocElement(w, "param", lines, $" name=\"{name}\"");
        }

        w.Line("/// <param name=\"cancellationToken\">Cancels the call.</param>");
        if (method.Outputs.Count > 0)
        {
            w.Line($"/// <returns>{ReturnsText(method, links)}</returns>");
        }
    }

    /// <summary>
    /// What a call returns, in words: the out value's description; else, for one out value, the method's own "Returns
    /// X." sentence; else what the value is (a proxy, a data type, a list of one) with its wire name; for several out
    /// values, the result class's properties.
    /// </summary>
    private string ReturnsText(MethodModel method, DocLinks links)
    {
        if (method.ResultTypeName is not null)
        {
            var members = new List<string>();
            foreach (var output in method.Outputs)
            {
                members.Add(DocLinks.See($"global::{_ns}.{method.ResultTypeName}.{output.PropertyName}"));
            }

            return $"The out values: {string.Join(", ", members)}.";
        }

        var value = method.Outputs[0];
        if (DocMarkup.OneLine(DocMarkup.Parse(value.Description, links)) is { Length: > 0 } described)
        {
            return described;
        }

        if (ReturnsSentence(method.Description) is { } sentence && DocMarkup.OneLine(DocMarkup.Parse(sentence, links)) is { Length: > 0 } said)
        {
            return said;
        }

        var wire = $"<c>{DocText.Escape(value.WireName)}</c>";
        return value.Type.Kind switch
        {
            TypeKind.ObjectInterface => value.Type.Name is null ? $"The proxy of the object the engine returned ({wire})." : $"The {DocLinks.See(Cs(value.Type))} proxy of the object ({wire}).",
            TypeKind.Object or TypeKind.Enum => $"The {DocLinks.See(Cs(value.Type))} ({wire}).",
            TypeKind.Array when value.Type.Element!.Kind is TypeKind.Object or TypeKind.Enum => $"The list of {DocLinks.See(Cs(value.Type.Element))} ({wire}).",
            _ => $"The engine's {wire}.",
        };
    }

    /// <summary>"The AND mode status of a field." from "Returns the AND mode status of a field. ..."; null if none.</summary>
    private static string? ReturnsSentence(string? description)
    {
        if (description is null)
        {
            return null;
        }

        var text = description.TrimStart();
        foreach (var verb in new[] { "Returns ", "Retrieves ", "Gets " })
        {
            if (text.StartsWith(verb, System.StringComparison.Ordinal) && text.Length > verb.Length)
            {
                var end = text.IndexOfAny(new[] { '\n', '\r' });
                var first = end < 0 ? text : text.Substring(0, end);
                var stop = first.IndexOf(". ", System.StringComparison.Ordinal);
                first = (stop < 0 ? first : first.Substring(0, stop + 1)).Substring(verb.Length);
                return char.ToUpperInvariant(first[0]) + first.Substring(1);
            }
        }

        return null;
    }

    private static readonly string GeneratorVersion =
        typeof(Emitter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// Attributes every generated top-level type carries: tools see it as generated code (analyzers, coverage).
    /// </summary>
    internal static void GeneratedTypeAttributes(SourceWriter w)
    {
        w.Line($"[global::System.CodeDom.Compiler.GeneratedCode(\"QixGen\", \"{GeneratorVersion}\")]");
        w.Line("[global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]");
    }

    internal static void StatusAttributes(SourceWriter w, ApiStatus status)
    {
        if (status.Experimental)
        {
            w.Line("/// <remarks>Experimental in this engine release: it may change or disappear in a later one.</remarks>");
        }

        if (status.ObsoleteMessage is not null)
        {
            w.Line($"[global::System.Obsolete({DocText.Literal(status.ObsoleteMessage)})]");
        }

        if (status.Experimental)
        {
            w.Line("[global::QixGen.QixExperimental]");
        }
    }
}
