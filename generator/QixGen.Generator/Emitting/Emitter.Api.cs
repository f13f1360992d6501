using System.Collections.Generic;

namespace QixGen.Generator.Emitting;

/// <summary>The entry point on a session and the list shapes of the JSON type resolver (QixApi.g.cs).</summary>
internal sealed partial class Emitter
{
    /// <summary>
    /// QixApi.JsonOptions: the runtime's type resolver given the codec of every generated type (it adds lists of them
    /// and the primitives), so user code serializes any value of the bindings without reflection.
    /// </summary>
    private void EmitJsonOptions(SourceWriter w)
    {
        w.Line();
        w.Line("/// <summary>Serializer options that read and write every type of these bindings without reflection (AOT and trim safe).</summary>");
        w.Line($"public static {Json}.JsonSerializerOptions JsonOptions {{ get; }} = CreateJsonOptions();");
        w.Line();
        w.Open($"private static {Json}.JsonSerializerOptions CreateJsonOptions()");
        w.Line($"var resolver = new {Serialization}.QixTypeInfoResolver();");
        foreach (var type in _model.DataTypes)
        {
            w.Line($"resolver.Add(global::{_ns}.{type.Name}.{MetadataField});");
        }

        foreach (var type in _model.Enums)
        {
            w.Line($"resolver.Add(global::{_ns}.{type.Name}.{MetadataField});");
        }

        w.Line($"var options = new {Json}.JsonSerializerOptions");
        w.Open();
        w.Line("Encoder = global::System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,");
        w.Line("TypeInfoResolver = resolver,");
        w.Close(";");
        w.Line("options.MakeReadOnly();");
        w.Line("return options;");
        w.Close();
        EmitJsonTypeInfoAccessor(w);
    }

    /// <summary>
    /// Typed metadata for user code: <c>JsonSerializer.Serialize(docList, QixApi.GetJsonTypeInfo&lt;List&lt;DocListEntry&gt;&gt;())</c>
    /// is trim and AOT clean, where the overloads taking options are annotated as needing reflection.
    /// </summary>
    private static void EmitJsonTypeInfoAccessor(SourceWriter w)
    {
        const string Metadata = "global::System.Text.Json.Serialization.Metadata";
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// The serialization metadata of a type of these bindings, a primitive, or a list of them (one or two levels),");
        w.Line("/// for the trim- and AOT-safe overloads: <c>JsonSerializer.Serialize(docList, QixApi.GetJsonTypeInfo&lt;List&lt;DocListEntry&gt;&gt;())</c>.");
        w.Line("/// </summary>");
        w.Line("/// <typeparam name=\"T\">The type to read or write.</typeparam>");
        w.Line("/// <returns>The metadata, from <see cref=\"JsonOptions\"/>.</returns>");
        w.Line("/// <exception cref=\"global::System.NotSupportedException\"><typeparamref name=\"T\"/> is not a type of these bindings or a list of them.</exception>");
        w.Line($"public static {Metadata}.JsonTypeInfo<T> GetJsonTypeInfo<T>() => ({Metadata}.JsonTypeInfo<T>)JsonOptions.GetTypeInfo(typeof(T));");
    }

    /// <summary><c>session.GetGlobal()</c> in the bindings' namespace: found with the same using as the proxies.</summary>
    private void EmitSessionExtensions(SourceWriter w)
    {
        foreach (var service in _model.Services)
        {
            if (service.WireName != "Global")
            {
                continue;
            }

            w.Line();
            w.Line("/// <summary>The entry point of these bindings on a session: <c>var global = session.GetGlobal();</c>.</summary>");
            GeneratedTypeAttributes(w);
            w.Open("public static partial class QixSessionExtensions");
            w.Line("/// <summary>The Global object of a session (handle -1), typed by these bindings; the same proxy on every call.</summary>");
            w.Line("/// <param name=\"session\">The session (a connected <c>QixGen.Session.QixSession</c>).</param>");
            w.Line("/// <returns>The session's Global proxy.</returns>");
            w.Line($"public static global::{_ns}.{service.Name} GetGlobal(this {Session} session) => QixApi.GetGlobal(session);");
            w.Close();
        }
    }

    private string EmitApi()
    {
        var w = Header();
        w.Open($"namespace {_ns}");
        w.Line($"/// <summary>Facts about these bindings (QIX {DocText.Escape(_model.EngineVersion)}) and the factories of their proxies.</summary>");
        GeneratedTypeAttributes(w);
        w.Open("public static partial class QixApi");
        w.Template($$"""
            /// <summary>The engine version of the schema these bindings were generated from.</summary>
            public const string EngineVersion = {{DocText.Literal(_model.EngineVersion)}};

            /// <summary>The schema file these bindings were generated from.</summary>
            public const string SchemaFile = {{DocText.Literal(_model.SourceFileName)}};

            /// <summary>The engine interfaces (services) with a proxy class, in the schema's order.</summary>
            public static global::System.Collections.Generic.IReadOnlyList<string> ServiceNames { get; } = new string[]
            """);
        w.Open();
        foreach (var service in _model.Services)
        {
            w.Line(DocText.Literal(service.WireName) + ",");
        }

        w.Close(";");
        EmitObjectFactories(w);
        EmitJsonOptions(w);
        w.Close();
        EmitSessionExtensions(w);
        w.Close();
        return w.ToString();
    }

    /// <summary>One factory per proxy class, the factory that picks the class from <c>qType</c>, and the Global entry.</summary>
    private void EmitObjectFactories(SourceWriter w)
    {
        foreach (var service in _model.Services)
        {
            w.Line();
            w.Template($$"""
                /// <summary>Creates <see cref="global::{{_ns}}.{{service.Name}}"/> proxies.</summary>
                public static global::QixGen.Objects.QixObjectFactory<global::{{_ns}}.{{service.Name}}> {{service.Name}}Factory { get; } = (session, reference) => new global::{{_ns}}.{{service.Name}}(session, reference);
                """);
        }

        w.Template($$"""

            /// <summary>Creates the proxy class the engine names in <c>qType</c>; a plain QixObject for types without one.</summary>
            public static global::QixGen.Objects.QixObjectFactory<global::QixGen.Objects.QixObject> AnyObjectFactory { get; } = CreateObject;

            /// <summary>Creates the proxy class the engine names in <c>qType</c>.</summary>
            /// <param name="session">The session the object lives in.</param>
            /// <param name="reference">What the engine said about the object.</param>
            /// <returns>The proxy.</returns>
            public static global::QixGen.Objects.QixObject CreateObject({{Session}} session, {{ObjectReference}} reference)
            """);
        w.Open();
        w.Open("switch (reference.Type)");
        foreach (var service in _model.Services)
        {
            w.Line($"case {DocText.Literal(service.WireName)}: return new global::{_ns}.{service.Name}(session, reference);");
        }

        w.Line("default: return new global::QixGen.Objects.QixObject(session, reference);");
        w.Close();
        w.Close();
        foreach (var service in _model.Services)
        {
            if (service.WireName == "Global")
            {
                w.Template($$"""

                    /// <summary>The Global object of a session (handle -1), where every conversation with the engine starts.</summary>
                    /// <param name="session">The session.</param>
                    /// <returns>The session's Global proxy.</returns>
                    public static global::{{_ns}}.{{service.Name}} GetGlobal({{Session}} session) =>
                        (session ?? throw new global::System.ArgumentNullException(nameof(session))).GetOrCreateObject({{ObjectReference}}.Global, {{service.Name}}Factory);
                    """);
            }
        }
    }
}
