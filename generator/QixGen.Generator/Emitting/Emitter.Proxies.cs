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

    // The proxy being written: method name -> suffix of its result reader ("GetLayout" -> ReadGetLayout, s_readGetLayout).
    // Set by EmitProxy, from ReaderSuffixes, before anything reads it.
    private Dictionary<string, string> _readerSuffixes = new(System.StringComparer.Ordinal);

    private string EmitProxy(ServiceModel service)
    {
        _readerSuffixes = ReaderSuffixes(service);
        var w = Header();
        w.Open($"namespace {_ns}");
        w.Line($"/// <summary>Proxy of the engine interface <c>{DocText.Escape(service.WireName)}</c> (QIX {DocText.Escape(_model.EngineVersion)}).</summary>");
        GeneratedTypeAttributes(w);
        w.Open($"public partial class {service.Name} : global::QixGen.Objects.QixObject{ProxyRoles.InterfacesOf(service.WireName)}");
        w.Template($$"""
            /// <summary>Creates the proxy of a remote object. Sessions do this; user code gets proxies from calls.</summary>
            /// <param name="session">The session that carries the object's calls.</param>
            /// <param name="reference">What the engine said about the object.</param>
            public {{service.Name}}({{Session}} session, {{ObjectReference}} reference)
                : base(session, reference)
            {
            }
            """);
        var links = ServiceLinks(service);
        foreach (var method in service.Methods)
        {
            w.Line();
            EmitMethod(w, service, method, links);
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

    /// <summary>
    /// Where a method's parameters split: <see cref="LastRequired"/> is the index of the last required one (-1: none);
    /// compatibility overloads stop after <see cref="FirstOverload"/> up to all-but-one parameters.
    /// </summary>
    private sealed record CallShape(int LastRequired, int FirstOverload)
    {
        public static CallShape Of(MethodModel method)
        {
            var lastRequired = -1;
            for (var i = 0; i < method.Parameters.Count; i++)
            {
                if (method.Parameters[i].Required)
                {
                    lastRequired = i;
                }
            }

            // Bounded: a hostile spec with thousands of optional parameters would otherwise get a quadratic number of
            // overload parameters. Real releases append one or two at a time.
            return new CallShape(lastRequired, System.Math.Max(lastRequired + 1, method.Parameters.Count - MaxCompatibilityOverloads));
        }

        public bool HasOverloads(MethodModel method) => FirstOverload < method.Parameters.Count;
    }

    private void EmitMethod(SourceWriter w, ServiceModel service, MethodModel method, DocLinks serviceLinks)
    {
        var shape = CallShape.Of(method);
        MethodDocs(w, service, method, MethodLinks(serviceLinks, method));
        StatusAttributes(w, method.Status);
        w.Line($"public {ReturnType(method)} {method.Name}({Signature(method, method.Parameters.Count, shape.LastRequired, defaults: true)}{CancellationToken} cancellationToken = default)");
        w.Open();
        foreach (var p in method.Parameters)
        {
            if (p.Required && IsReference(p.Type))
            {
                w.Line($"if ({p.Name} is null) throw new global::System.ArgumentNullException(nameof({p.Name}));");
            }
        }

        var parameters = method.Parameters.Count == 0 ? "global::QixGen.Serialization.QixParamsWriter.Empty" : WriteParameters(w, method, shape);
        w.Line($"return InvokeAsync({DocText.Literal(method.WireName)}, {parameters}, {ReaderField(method)}, cancellationToken);");
        w.Close();

        // Overloads that end in a CancellationToken after fewer optional parameters keep positional calls compiling
        // when a later engine release appends an optional parameter (Global.CancelReload gained qReason).
        for (var count = shape.FirstOverload; count < method.Parameters.Count; count++)
        {
            w.Line();
            EmitCompatibilityOverload(w, service, method, count);
        }
    }

    /// <summary>
    /// The first <paramref name="count"/> parameters, each followed by ", ". Optional parameters before a required one
    /// stay in the spec's order but take no default (C# needs defaults last): the caller passes null to leave them out.
    /// </summary>
    private string Signature(MethodModel method, int count, int lastRequired, bool defaults)
    {
        var signature = new System.Text.StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var p = method.Parameters[i];
            signature.Append(ParameterType(p.Type, nullable: !p.Required)).Append(' ').Append(p.Name);
            signature.Append(!p.Required && defaults && i > lastRequired ? " = null, " : ", ");
        }

        return signature.ToString();
    }

    /// <summary>Writes the parameters into a rented writer; returns the expression of the finished params.</summary>
    private string WriteParameters(SourceWriter w, MethodModel method, CallShape shape)
    {
        var parameters = method.Parameters;
        w.Line("var qixParameters = global::QixGen.Serialization.QixParamsWriter.Rent();");
        w.Line("var qixWriter = qixParameters.Json;");
        // Trailing optional parameters the caller left out are not sent at all, so the engine applies its defaults.
        var sent = new List<string>();
        for (var i = parameters.Count - 1; i > shape.LastRequired; i--)
        {
            sent.Add($"{parameters[i].Name} != null ? {Number(i + 1)}");
        }

        if (sent.Count > 0)
        {
            w.Line($"var qixCount = {string.Join(" : ", sent)} : {Number(shape.LastRequired + 1)};");
        }

        var parameterNames = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            parameterNames.Add(p.Name.TrimStart('@'));
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Required)
            {
                w.Line(WriteStatement(parameters[i].Type, parameters[i].Name, "qixWriter"));
            }
            else if (i > shape.LastRequired)
            {
                w.Open($"if (qixCount > {Number(i)})");
                WriteOptionalParameter(w, parameters[i], FreshLocal("a" + Number(i), parameterNames));
                w.Close();
            }
            else
            {
                WriteOptionalParameter(w, parameters[i], FreshLocal("a" + Number(i), parameterNames));
            }
        }

        return "qixParameters.Complete()";
    }

    /// <summary>An optional parameter: its value, or what a left-out one is sent as when a later one is sent.</summary>
    private void WriteOptionalParameter(SourceWriter w, ParameterModel p, string local)
    {
        if (p.Type.Kind is TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Byte or TypeKind.Double)
        {
            // A left-out number or flag is sent as its zero value, as the engine's own clients do.
            w.Line(WriteStatement(p.Type, p.Name + ".GetValueOrDefault()", "qixWriter"));
            return;
        }

        w.Open($"if ({p.Name} is {{ }} {local})");
        w.Line(WriteStatement(p.Type, local, "qixWriter"));
        w.Close();
        w.Open("else");
        w.Line(WriteDefaultStatement(p.Type, "qixWriter"));
        w.Close();
    }

    /// <summary>The method without its parameters from <paramref name="count"/> on, calling the full one with nulls.</summary>
    private void EmitCompatibilityOverload(SourceWriter w, ServiceModel service, MethodModel method, int count)
    {
        var args = new List<string>();
        for (var i = 0; i < method.Parameters.Count; i++)
        {
            args.Add(i < count ? method.Parameters[i].Name : "null");
        }

        w.Template($$"""
            /// <summary>
            /// Calls <c>{{DocText.Escape(service.WireName)}}.{{DocText.Escape(method.WireName)}}</c> without its later optional parameters. Kept so that positional
            /// calls written against an older engine release still compile after a release appends an optional parameter.
            /// </summary>
            [global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]
            """);
        if (method.Status.ObsoleteMessage is not null)
        {
            w.Line($"[global::System.Obsolete({DocText.Literal(method.Status.ObsoleteMessage)})]");
        }

        w.Template($$"""
            public {{ReturnType(method)}} {{method.Name}}({{Signature(method, count, -1, defaults: false)}}{{CancellationToken}} cancellationToken) =>
                {{method.Name}}({{string.Join(", ", args)}}, cancellationToken);
            """);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

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
    private static Dictionary<string, string> ReaderSuffixes(ServiceModel service)
    {
        var suffixes = new Dictionary<string, string>(System.StringComparer.Ordinal);
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
            suffixes[method.Name] = suffix;
        }

        return suffixes;
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
