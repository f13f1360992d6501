using System.Collections.Generic;
using System.Globalization;
using QixGen.Generator.Model;

namespace QixGen.Generator.Emitting;

internal sealed partial class Emitter
{
    private const string Task = "global::System.Threading.Tasks.Task";
    private const string CancellationToken = "global::System.Threading.CancellationToken";
    private const int MaxCompatibilityOverloads = 16;

    private string ReturnType(MethodModel method) =>
        method.Outputs.Count == 0 ? Task
        : method.ResultTypeName is not null ? $"{Task}<global::{_ns}.{method.ResultTypeName}>"
        : $"{Task}<{Cs(method.Outputs[0].Type)}>";

    private string ResultCs(MethodModel method) =>
        method.Outputs.Count == 0 ? "global::QixGen.Protocol.QixVoid"
        : method.ResultTypeName is not null ? $"global::{_ns}.{method.ResultTypeName}"
        : Cs(method.Outputs[0].Type);

    // Per proxy: method name -> suffix of its result reader ("GetLayout" -> ReadGetLayout, s_readGetLayout).
    private readonly Dictionary<string, string> _readerSuffixes = new(System.StringComparer.Ordinal);

    private string EmitProxy(ServiceModel service)
    {
        AssignReaderNames(service);
        var w = Header();
        var cs = $"global::{_ns}.{service.Name}";
        w.Open($"namespace {_ns}");
        w.Line($"/// <summary>Proxy of the engine interface <c>{DocText.Escape(service.WireName)}</c> (QIX {DocText.Escape(_model.EngineVersion)}).</summary>");
        w.Line($"public partial class {service.Name} : global::QixGen.Objects.QixObject");
        w.Open();
        w.Line("/// <summary>Creates the proxy of a remote object. Sessions do this; user code gets proxies from calls.</summary>");
        w.Line("/// <param name=\"session\">The session that carries the object's calls.</param>");
        w.Line("/// <param name=\"reference\">What the engine said about the object.</param>");
        w.Line($"public {service.Name}({Session} session, {ObjectReference} reference)");
        w.Line("    : base(session, reference)");
        w.Open();
        w.Close();

        foreach (var method in service.Methods)
        {
            w.Line();
            EmitMethod(w, service, method);
        }

        foreach (var method in service.Methods)
        {
            w.Line();
            EmitResultReader(w, service, method);
        }

        w.Close();
        w.Close();
        return w.ToString();
    }

    private void EmitMethod(SourceWriter w, ServiceModel service, MethodModel method)
    {
        var parameters = method.Parameters;
        var lastRequired = -1;
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Required)
            {
                lastRequired = i;
            }
        }

        // Optional parameters before a required one stay in the spec's order but take no default (C# needs
        // defaults last); the caller passes null to leave them out.
        var signature = new List<string>();
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            signature.Add(p.Required ? $"{ParameterType(p.Type, false)} {p.Name}" : i < lastRequired ? $"{ParameterType(p.Type, true)} {p.Name}" : $"{ParameterType(p.Type, true)} {p.Name} = null");
        }

        Summary(w, method.Description, $"Calls <c>{DocText.Escape(service.WireName)}.{DocText.Escape(method.WireName)}</c>.");
        foreach (var p in parameters)
        {
            var text = DocText.OneLine(p.Description);
            var optional = p.Required ? string.Empty : (text.Length > 0 ? " " : string.Empty) + "Optional: null leaves it to the engine.";
            w.Line($"/// <param name=\"{p.Name.TrimStart('@')}\">{text}{optional}</param>");
        }

        w.Line("/// <param name=\"cancellationToken\">Cancels the call.</param>");
        if (method.Outputs.Count == 1)
        {
            var text = DocText.OneLine(method.Outputs[0].Description);
            w.Line($"/// <returns>{(text.Length > 0 ? text : "<c>" + DocText.Escape(method.Outputs[0].WireName) + "</c>")}</returns>");
        }
        else if (method.Outputs.Count > 1)
        {
            w.Line("/// <returns>All out values of the call.</returns>");
        }

        StatusAttributes(w, method.Status);
        w.Line($"public {ReturnType(method)} {method.Name}({string.Join(", ", signature)}{(signature.Count > 0 ? ", " : string.Empty)}{CancellationToken} cancellationToken = default)");
        w.Open();
        foreach (var p in parameters)
        {
            if (p.Required && IsReference(p.Type))
            {
                w.Line($"if ({p.Name} is null) throw new global::System.ArgumentNullException(nameof({p.Name}));");
            }
        }

        var parameterNames = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            parameterNames.Add(p.Name.TrimStart('@'));
        }

        var paramsExpr = "global::QixGen.Serialization.QixParamsWriter.Empty";
        if (parameters.Count > 0)
        {
            w.Line("var qixParameters = global::QixGen.Serialization.QixParamsWriter.Rent();");
            w.Line("var qixWriter = qixParameters.Json;");
            // Trailing optional parameters the caller left out are not sent at all, so the engine applies its defaults.
            var sent = new List<string>();
            for (var i = parameters.Count - 1; i > lastRequired; i--)
            {
                sent.Add($"{parameters[i].Name} != null ? {(i + 1).ToString(CultureInfo.InvariantCulture)}");
            }

            var needsCount = sent.Count > 0;
            if (needsCount)
            {
                w.Line($"var qixCount = {string.Join(" : ", sent)} : {(lastRequired + 1).ToString(CultureInfo.InvariantCulture)};");
            }

            for (var i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                if (p.Required)
                {
                    w.Line(WriteStatement(p.Type, p.Name, "qixWriter"));
                    continue;
                }

                var local = FreshLocal("a" + i.ToString(CultureInfo.InvariantCulture), parameterNames);
                if (i > lastRequired)
                {
                    w.Open($"if (qixCount > {i.ToString(CultureInfo.InvariantCulture)})");
                }

                if (p.Type.Kind is TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Byte or TypeKind.Double)
                {
                    // A left-out number or flag is sent as its zero value, as the engine's own clients do.
                    w.Line(WriteStatement(p.Type, p.Name + ".GetValueOrDefault()", "qixWriter"));
                }
                else
                {
                    w.Open($"if ({p.Name} is {{ }} {local})");
                    w.Line(WriteStatement(p.Type, local, "qixWriter"));
                    w.Close();
                    w.Open("else");
                    w.Line(WriteDefaultStatement(p.Type, "qixWriter"));
                    w.Close();
                }
                if (i > lastRequired)
                {
                    w.Close();
                }
            }

            paramsExpr = "qixParameters.Complete()";
        }

        w.Line($"return InvokeAsync({DocText.Literal(method.WireName)}, {paramsExpr}, {ReaderField(method)}, cancellationToken);");
        w.Close();

        // Overloads that end in a CancellationToken after fewer optional parameters keep positional calls compiling
        // when a later engine release appends an optional parameter (Global.CancelReload gained qReason).
        // Bounded: a hostile spec with thousands of optional parameters would otherwise get a quadratic number of
        // overload parameters. Real releases append one or two at a time.
        var firstTrailingOptional = System.Math.Max(lastRequired + 1, parameters.Count - MaxCompatibilityOverloads);
        for (var count = firstTrailingOptional; count < parameters.Count; count++)
        {
            var args = new List<string>();
            var overloadSignature = new List<string>();
            for (var i = 0; i < parameters.Count; i++)
            {
                if (i < count)
                {
                    var p = parameters[i];
                    overloadSignature.Add(p.Required ? $"{ParameterType(p.Type, false)} {p.Name}" : $"{ParameterType(p.Type, true)} {p.Name}");
                    args.Add(p.Name);
                }
                else
                {
                    args.Add("null");
                }
            }

            w.Line();
            w.Line("/// <summary>");
            w.Line($"/// Calls <c>{DocText.Escape(service.WireName)}.{DocText.Escape(method.WireName)}</c> without its later optional parameters. Kept so that positional");
            w.Line("/// calls written against an older engine release still compile after a release appends an optional parameter.");
            w.Line("/// </summary>");
            w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            if (method.Status.ObsoleteMessage is not null)
            {
                w.Line($"[global::System.Obsolete({DocText.Literal(method.Status.ObsoleteMessage)})]");
            }

            w.Line($"public {ReturnType(method)} {method.Name}({string.Join(", ", overloadSignature)}{(overloadSignature.Count > 0 ? ", " : string.Empty)}{CancellationToken} cancellationToken) =>");
            w.Line($"    {method.Name}({string.Join(", ", args)}, cancellationToken);");
        }
    }

    /// <summary>A local name no parameter has (parameter names come from the spec).</summary>
    private static string FreshLocal(string desired, HashSet<string> parameterNames)
    {
        var name = desired;
        while (parameterNames.Contains(name))
        {
            name += "_";
        }

        return name;
    }

    /// <summary>
    /// Names the private result readers after the wire name, as identifiers unique in the class: apart from
    /// each other, from the generated methods and from the class itself (spec names are untrusted).
    /// </summary>
    private void AssignReaderNames(ServiceModel service)
    {
        _readerSuffixes.Clear();
        var taken = new HashSet<string>(System.StringComparer.Ordinal) { service.Name };
        foreach (var method in service.Methods)
        {
            taken.Add(method.Name);
        }

        foreach (var method in service.Methods)
        {
            var suffix = Parsing.NameRules.Identifier(method.WireName);
            while (taken.Contains("Read" + suffix) || taken.Contains("s_read" + suffix))
            {
                suffix += "_";
            }

            taken.Add("Read" + suffix);
            taken.Add("s_read" + suffix);
            _readerSuffixes[method.Name] = suffix;
        }
    }

    private string ReaderField(MethodModel method) => "s_read" + _readerSuffixes[method.Name];

    private void EmitResultReader(SourceWriter w, ServiceModel service, MethodModel method)
    {
        var result = ResultCs(method);
        var field = $"private static readonly global::QixGen.Protocol.QixResultReader<{result}> {ReaderField(method)}";
        if (method.Outputs.Count == 0)
        {
            w.Line($"{field} = global::QixGen.Protocol.QixVoid.Reader;");
        }
        else if (method.ResultTypeName is null && method.Outputs[0].Type.Kind == TypeKind.ObjectInterface)
        {
            var output = method.Outputs[0];
            w.Line($"{field} = {Serialization}.QixResults.Object<{result}>({DocText.Literal(output.WireName)}, {ObjectFactory(output.Type)}, {MissingObjectMessage(service, method, output)});");
        }
        else if (method.ResultTypeName is null)
        {
            w.Line($"{field} = {Serialization}.QixResults.Value<{result}>({DocText.Literal(method.Outputs[0].WireName)}, {Codec(method.Outputs[0].Type)});");
        }
        else
        {
            w.Line($"{field} = Read{_readerSuffixes[method.Name]};");
            w.Line();
            EmitResultTypeReader(w, service, method);
        }
    }

    private string ObjectFactory(TypeRef type) =>
        type.Name is null ? $"global::{_ns}.QixApi.AnyObjectFactory" : $"global::{_ns}.QixApi.{type.Name}Factory";

    private static string MissingObjectMessage(ServiceModel service, MethodModel method, OutValueModel output) =>
        DocText.Literal($"{service.WireName}.{method.WireName} returned no object handle ({output.WireName}): the engine has no such object.");

    /// <summary>The reader of a method with several out values: each by its codec into the result class.</summary>
    private void EmitResultTypeReader(SourceWriter w, ServiceModel service, MethodModel method)
    {
        w.Open($"private static {ResultCs(method)} Read{_readerSuffixes[method.Name]}(ref {Reader} reader, {Session} session)");
        w.Line($"{QixJson}.Expect(ref reader, {TokenType}.StartObject);");
        for (var i = 0; i < method.Outputs.Count; i++)
        {
            var output = method.Outputs[i];
            var localType = output.Type.Kind == TypeKind.ObjectInterface ? ObjectReference + "?" : CsNullable(output.Type);
            w.Line($"{localType} out{i.ToString(CultureInfo.InvariantCulture)} = null;");
        }

        w.Open($"while (reader.Read() && reader.TokenType == {TokenType}.PropertyName)");
        for (var i = 0; i < method.Outputs.Count; i++)
        {
            var output = method.Outputs[i];
            var local = "out" + i.ToString(CultureInfo.InvariantCulture);
            var read = output.Type.Kind == TypeKind.ObjectInterface
                ? $"{local} = {QixJson}.ReadObjectReference(ref reader);"
                : $"if (reader.TokenType != {TokenType}.Null) {local} = {Codec(output.Type)}.Read(ref reader);";
            w.Line($"{(i == 0 ? "if" : "else if")} (reader.ValueTextEquals({DocText.Literal(output.WireName)}) && reader.Read()) {{ {read} }}");
        }

        w.Line("else if (reader.Read()) reader.Skip();");
        w.Close();
        w.Line($"return new {ResultCs(method)}");
        w.Open();
        for (var i = 0; i < method.Outputs.Count; i++)
        {
            var output = method.Outputs[i];
            var local = "out" + i.ToString(CultureInfo.InvariantCulture);
            var value = output.Type.Kind != TypeKind.ObjectInterface ? MissingValue(output.Type, local)
                : $"{local} is {{ }} {local}Reference ? session.GetOrCreateObject({local}Reference, {ObjectFactory(output.Type)}) : throw new global::QixGen.Errors.QixObjectNotFoundException({MissingObjectMessage(service, method, output)})";
            w.Line($"{output.PropertyName} = {value},");
        }

        w.Close(";");
        w.Close();
    }

    private string EmitResults()
    {
        var w = Header();
        w.Open($"namespace {_ns}");
        var first = true;
        foreach (var result in _model.ResultTypes)
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            w.Line($"/// <summary>The out values of <c>{DocText.Escape(result.ServiceWireName)}.{DocText.Escape(result.MethodWireName)}</c>.</summary>");
            GeneratedTypeAttributes(w);
            w.Open($"public sealed partial class {result.Name}");
            var firstProperty = true;
            foreach (var output in result.Outputs)
            {
                if (!firstProperty)
                {
                    w.Line();
                }

                firstProperty = false;
                Summary(w, output.Description, $"<c>{DocText.Escape(output.WireName)}</c>");
                var initializer = IsReference(output.Type) && output.Type.Kind != TypeKind.String ? " = null!;" : output.Type.Kind == TypeKind.String ? " = string.Empty;" : string.Empty;
                w.Line($"public {Cs(output.Type)} {output.PropertyName} {{ get; set; }}{initializer}");
            }

            w.Close();
        }

        w.Close();
        return w.ToString();
    }
}
