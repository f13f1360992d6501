using System.Collections.Generic;

namespace QixGen.Generator.Emitting;

/// <summary>The entry point on a session and the list shapes of the JSON type resolver (QixApi.g.cs).</summary>
internal sealed partial class Emitter
{
    /// <summary>The primitives out values use, with their System.Text.Json converters, so any out value can be (de)serialized with QixApi.JsonOptions.</summary>
    private static readonly (string Type, string Converter)[] PrimitiveConverters =
    {
        ("string", "StringConverter"), ("bool", "BooleanConverter"), ("int", "Int32Converter"), ("long", "Int64Converter"),
        ("double", "DoubleConverter"), ("byte", "ByteConverter"), ("global::System.Text.Json.JsonElement", "JsonElementConverter"),
    };

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
            w.Open("public static partial class QixSessionExtensions");
            w.Line("/// <summary>The Global object of a session (handle -1), typed by these bindings; the same proxy on every call.</summary>");
            w.Line("/// <param name=\"session\">The session (a connected <c>QixGen.Session.QixSession</c>).</param>");
            w.Line("/// <returns>The session's Global proxy.</returns>");
            w.Line($"public static global::{_ns}.{service.Name} GetGlobal(this {Session} session) => QixApi.GetGlobal(session);");
            w.Close();
        }
    }

    /// <summary>
    /// Lists of every generated type and primitive, one and two levels deep (what out values and properties use:
    /// <c>List&lt;DocListEntry&gt;</c>, <c>List&lt;List&lt;NxCell&gt;&gt;</c>), so user code can serialize any result
    /// with QixApi.JsonOptions without reflection.
    /// </summary>
    private void EmitListTypeInfo(SourceWriter w, List<string> generatedTypes)
    {
        const string Metadata = "global::System.Text.Json.Serialization.Metadata";
        var elements = new List<string>();
        foreach (var name in generatedTypes)
        {
            elements.Add($"global::{_ns}.{name}");
        }

        foreach (var (type, _) in PrimitiveConverters)
        {
            elements.Add(type);
        }

        w.Line();
        w.Open($"private static {Metadata}.JsonTypeInfo? GetListTypeInfo(global::System.Type type, {Json}.JsonSerializerOptions options)");
        foreach (var element in elements)
        {
            var list = $"global::System.Collections.Generic.List<{element}>";
            w.Line($"if (type == typeof({list})) return ListInfo<{element}>(options);");
            w.Line($"if (type == typeof(global::System.Collections.Generic.List<{list}>)) return ListInfo<{list}>(options);");
        }

        w.Line("return null;");
        w.Close();
        w.Line();
        w.Line($"private static {Metadata}.JsonTypeInfo ListInfo<T>({Json}.JsonSerializerOptions options) =>");
        w.Line($"    {Metadata}.JsonMetadataServices.CreateValueInfo<global::System.Collections.Generic.List<T>>(options, new global::QixGen.Serialization.QixListConverter<T>());");
    }
}
