using System.Linq;
using QixGen.Generator.Model;

namespace QixGen.Generator.Emitting;

internal sealed partial class Emitter
{
    private string EmitDataType(DataTypeModel type)
    {
        var w = Header();
        var cs = $"global::{_ns}.{type.Name}";
        w.Open($"namespace {_ns}");
        var links = DataTypeLinks(type);
        Summary(w, type.Description, $"The engine type <c>{DocText.Escape(type.WireName)}</c>.", links);
        StatusAttributes(w, type.Status);
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({Converter(new TypeRef(TypeKind.Object, type.Name))}))]");
        w.Open($"public partial class {type.Name}");
        foreach (var property in type.Properties)
        {
            Summary(w, property.Description, $"<c>{DocText.Escape(property.WireName)}</c>", links);
            StatusAttributes(w, property.Status);
            w.Line($"[global::System.Text.Json.Serialization.JsonPropertyName({DocText.Literal(property.WireName)})]");
            w.Line($"public {CsNullable(property.Type)} {property.Name} {{ get; set; }}");
            w.Line();
        }

        w.Line("/// <summary>");
        w.Line("/// Properties the schema does not list (newer engines, client-defined keys). Kept when reading and written back,");
        w.Line("/// so a read-modify-write round trip loses nothing.");
        w.Line("/// </summary>");
        w.Line("[global::System.Text.Json.Serialization.JsonExtensionData]");
        w.Line($"public global::System.Collections.Generic.IDictionary<string, {Json}.JsonElement>? AdditionalProperties {{ get; set; }}");
        var rawMember = RawPropertiesName(type);
        if (type.Properties.Count > 0)
        {
            w.Line();
            w.Line("/// <summary>Listed properties kept as raw JSON by wire name: an explicit null, or a value the property's type cannot hold; each is written back while its property is null.</summary>");
            w.Line($"public global::System.Collections.Generic.IDictionary<string, {Json}.JsonElement>? {rawMember} {{ get; set; }}");
        }
        w.Close();
        w.Close();
        w.Line();

        OpenConverter(w, type.Name, cs, "without reflection.", $"{cs}?");
        if (type.Properties.Count > 0)
        {
            var names = string.Join(", ", type.Properties.Select(p => DocText.Literal(p.WireName)));
            w.Line($"private static readonly global::QixGen.Serialization.QixPropertyNames s_propertyNames = new global::QixGen.Serialization.QixPropertyNames({names});");
            w.Line();
        }

        w.Line($"/// <summary>Reads a <see cref=\"{cs}\"/>; the reader stands on its first token and is left on its last.</summary>");
        w.Line("/// <param name=\"reader\">The reader.</param>");
        w.Line("/// <returns>The value.</returns>");
        w.Open($"public static {cs} ReadValue(ref {Reader} reader)");
        w.Line($"{QixJson}.Expect(ref reader, {TokenType}.StartObject);");
        w.Line($"var value = new {cs}();");
        w.Line($"global::System.Collections.Generic.IDictionary<string, {Json}.JsonElement>? additional = null;");
        if (type.Properties.Count > 0)
        {
            w.Line($"global::System.Collections.Generic.IDictionary<string, {Json}.JsonElement>? raw = null;");
        }

        w.Open($"while (reader.Read() && reader.TokenType == {TokenType}.PropertyName)");
        if (type.Properties.Count > 0)
        {
            w.Open("switch (s_propertyNames.Find(ref reader))");
            for (var i = 0; i < type.Properties.Count; i++)
            {
                var property = type.Properties[i];
                w.Line($"case {i.ToString(System.Globalization.CultureInfo.InvariantCulture)}: value.{property.Name} = {ReadPropertyExpr(property.Type, DocText.Literal(property.WireName))}; break;");
            }

            w.Line("default:");
        }
        else
        {
            w.Open();
        }

        w.Line("var name = reader.GetString()!;");
        w.Line("reader.Read();");
        w.Line($"{QixJson}.ReadAdditional(ref reader, name, ref additional);");
        if (type.Properties.Count > 0)
        {
            w.Line("break;");
        }

        w.Close();
        w.Close();
        w.Line("value.AdditionalProperties = additional;");
        if (type.Properties.Count > 0)
        {
            w.Line($"value.{rawMember} = raw;");
        }

        w.Line("return value;");
        w.Close();
        w.Line();
        w.Line($"/// <summary>Writes a <see cref=\"{cs}\"/>: set properties (else their kept raw value), then the additional ones.</summary>");
        w.Line("/// <param name=\"writer\">The writer.</param>");
        w.Line("/// <param name=\"value\">The value.</param>");
        w.Open($"public static void WriteValue({Writer} writer, {cs} value)");
        if (type.Properties.Count > 0)
        {
            w.Line($"var raw = value.{rawMember};");
        }

        w.Line("writer.WriteStartObject();");
        var index = 0;
        foreach (var property in type.Properties)
        {
            var local = "v" + index++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w.Open($"if (value.{property.Name} is {{ }} {local})");
            WritePropertyStatements(w, property, local);
            w.Close();
            w.Line($"else if (raw != null) {KnownProperty}.WriteRaw(writer, raw, {DocText.Literal(property.WireName)});");
        }

        w.Line($"{QixJson}.WriteAdditional(writer, value.AdditionalProperties);");
        w.Line("writer.WriteEndObject();");
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>The name of a data type's raw-properties member: <c>RawProperties</c> unless a schema property took it.</summary>
    private static string RawPropertiesName(DataTypeModel type)
    {
        var name = "RawProperties";
        while (name == type.Name || IsPropertyName(type, name))
        {
            name += "_";
        }

        return name;
    }

    private static bool IsPropertyName(DataTypeModel type, string name)
    {
        foreach (var property in type.Properties)
        {
            if (property.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An expression, on a property name token, reading the property's value typed or keeping it raw
    /// (null then); see QixKnownProperty.
    /// </summary>
    private string ReadPropertyExpr(TypeRef type, string wireLiteral) => type.Kind switch
    {
        TypeKind.String => $"{KnownProperty}.ReadString(ref reader, {wireLiteral}, ref raw)",
        TypeKind.Boolean => $"{KnownProperty}.ReadBoolean(ref reader, {wireLiteral}, ref raw)",
        TypeKind.Int32 => $"{KnownProperty}.ReadInt32(ref reader, {wireLiteral}, ref raw)",
        TypeKind.Int64 => $"{KnownProperty}.ReadInt64(ref reader, {wireLiteral}, ref raw)",
        TypeKind.Byte => $"{KnownProperty}.ReadByte(ref reader, {wireLiteral}, ref raw)",
        TypeKind.Double => $"{KnownProperty}.ReadDouble(ref reader, {wireLiteral}, ref raw)",
        TypeKind.Enum => $"{Converter(type)}.ReadValue(ref reader, {wireLiteral}, ref raw)",
        TypeKind.Object => $"{KnownProperty}.Starts(ref reader, {TokenType}.StartObject, {wireLiteral}, ref raw) ? {ReadExpr(type)} : null",
        TypeKind.Array => $"global::{_serializationNs}.QixLists.Read{RegisterPropertyList(type)}(ref reader, {wireLiteral}, ref raw)",
        _ => $"{KnownProperty}.ReadElement(ref reader, {wireLiteral}, ref raw)",
    };

    private string RegisterPropertyList(TypeRef type)
    {
        var moniker = RegisterList(type);
        _propertyLists.Add(moniker);
        return moniker;
    }

    /// <summary>Writes a set property: one call for scalars, name then value otherwise.</summary>
    private void WritePropertyStatements(SourceWriter w, PropertyModel property, string local)
    {
        var name = Name(property.WireName);
        switch (property.Type.Kind)
        {
            case TypeKind.String:
                w.Line($"writer.WriteString({name}, {local});");
                break;
            case TypeKind.Boolean:
                w.Line($"writer.WriteBoolean({name}, {local});");
                break;
            case TypeKind.Int32 or TypeKind.Int64 or TypeKind.Byte:
                w.Line($"writer.WriteNumber({name}, {local});");
                break;
            case TypeKind.Double:
                w.Line($"{QixJson}.WriteDouble(writer, {name}, {local});");
                break;
            default:
                w.Line($"writer.WritePropertyName({name});");
                w.Line(WriteStatement(property.Type, local));
                break;
        }
    }

    private string EmitEnum(EnumModel type)
    {
        var w = Header();
        var cs = $"global::{_ns}.{type.Name}";
        w.Open($"namespace {_ns}");
        Summary(w, type.Description, $"The engine enumeration <c>{DocText.Escape(type.WireName)}</c>.", _typeLinks);
        w.Line("/// <remarks>");
        w.Line("/// An extensible enumeration: a value this binding does not know (from a newer engine) is kept as it came");
        w.Line("/// and written back unchanged. The wire form is the short name; the long form is read too and written back as it came.");
        w.Line("/// </remarks>");
        StatusAttributes(w, type.Status);
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({Converter(new TypeRef(TypeKind.Enum, type.Name))}))]");
        w.Line($"public readonly partial struct {type.Name} : global::System.IEquatable<{cs}>");
        w.Open();
        w.Line("private readonly string? _value; // as read or given: a wire form, a long form, or unknown");
        w.Line();
        w.Line("/// <summary>Creates a value from its wire form or long form.</summary>");
        w.Line("/// <param name=\"value\">The value as the engine writes it, e.g. a title or a long name.</param>");
        w.Line($"public {type.Name}(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        foreach (var member in type.Members)
        {
            w.Line();
            var longName = member.LongName is { Length: > 0 } ? DocText.Escape(member.LongName) + " " : string.Empty;
            w.Line($"/// <summary>{longName}(wire value <c>{DocText.Escape(member.WireValue)}</c>).</summary>");
            w.Line($"public static {cs} {member.Name} => new {cs}({DocText.Literal(member.WireValue)});");
        }

        w.Line();
        w.Line("/// <summary>Every value this binding knows, in the schema's order.</summary>");
        w.Line($"public static global::System.Collections.Generic.IReadOnlyList<{cs}> KnownValues {{ get; }} = new {cs}[]");
        w.Open();
        foreach (var member in type.Members)
        {
            w.Line(member.Name + ",");
        }

        w.Close(";");
        w.Line();
        w.Line("/// <summary>The wire form (empty for the default value).</summary>");
        w.Line("public string WireValue => _value is null ? string.Empty : Normalize(_value);");
        w.Line();
        w.Line("/// <summary>The text as read or given (a long form stays long): what the converter writes.</summary>");
        w.Line($"internal string {SpellingName(type)} => _value ?? string.Empty;");
        w.Line();
        w.Line("/// <summary>Whether this binding knows the value.</summary>");
        w.Open("public bool IsKnown");
        w.Open("get");
        w.Open("switch (WireValue)");
        // A case label per distinct wire value (a spec may repeat one); no label at all for an empty enum.
        var titles = new System.Collections.Generic.HashSet<string>();
        foreach (var member in type.Members)
        {
            if (titles.Add(member.WireValue))
            {
                w.Line($"case {DocText.Literal(member.WireValue)}:");
            }
        }

        if (titles.Count > 0)
        {
            w.Line("    return true;");
        }

        w.Line("default:");
        w.Line("    return false;");
        w.Close();
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <summary>The engine's numeric constant for the value, when known.</summary>");
        w.Open("public int? NumericValue");
        w.Open("get");
        w.Open("switch (WireValue)");
        var numbered = new System.Collections.Generic.HashSet<string>();
        foreach (var member in type.Members)
        {
            if (member.NumericValue is { } number && numbered.Add(member.WireValue))
            {
                w.Line($"case {DocText.Literal(member.WireValue)}: return {number.ToString(System.Globalization.CultureInfo.InvariantCulture)};");
            }
        }

        w.Line("default: return null;");
        w.Close();
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <summary>The value for an engine numeric constant; an unknown number is kept as its decimal text.</summary>");
        w.Line("/// <param name=\"number\">The numeric constant.</param>");
        w.Line("/// <returns>The value.</returns>");
        w.Open($"public static {cs} FromNumber(int number)");
        w.Open("switch (number)");
        var seen = new System.Collections.Generic.HashSet<int>();
        foreach (var member in type.Members)
        {
            if (member.NumericValue is { } number && seen.Add(number))
            {
                w.Line($"case {number.ToString(System.Globalization.CultureInfo.InvariantCulture)}: return {member.Name};");
            }
        }

        w.Line($"default: return new {cs}(number.ToString(global::System.Globalization.CultureInfo.InvariantCulture));");
        w.Close();
        w.Close();
        w.Line();
        w.Open("private static string Normalize(string value)");
        w.Open("switch (value)");
        var mapped = new System.Collections.Generic.HashSet<string>();
        foreach (var member in type.Members)
        {
            if (member.LongName is { Length: > 0 } longForm && !titles.Contains(longForm) && mapped.Add(longForm))
            {
                w.Line($"case {DocText.Literal(longForm)}: return {DocText.Literal(member.WireValue)};");
            }
        }

        w.Line("default: return value;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"public bool Equals({cs} other) => string.Equals(WireValue, other.WireValue, global::System.StringComparison.Ordinal);");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"public override bool Equals(object? obj) => obj is {cs} other && Equals(other);");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(WireValue);");
        w.Line();
        w.Line("/// <summary>The wire form.</summary>");
        w.Line("/// <returns>The wire form.</returns>");
        w.Line("public override string ToString() => WireValue;");
        w.Line();
        w.Line("/// <summary>Compares two values by wire form.</summary>");
        w.Line("/// <param name=\"left\">The first value.</param>");
        w.Line("/// <param name=\"right\">The second value.</param>");
        w.Line("/// <returns>Whether they are equal.</returns>");
        w.Line($"public static bool operator ==({cs} left, {cs} right) => left.Equals(right);");
        w.Line();
        w.Line("/// <summary>Compares two values by wire form.</summary>");
        w.Line("/// <param name=\"left\">The first value.</param>");
        w.Line("/// <param name=\"right\">The second value.</param>");
        w.Line("/// <returns>Whether they differ.</returns>");
        w.Line($"public static bool operator !=({cs} left, {cs} right) => !left.Equals(right);");
        w.Line();
        w.Line("/// <summary>Converts a wire form or long form.</summary>");
        w.Line("/// <param name=\"value\">The text.</param>");
        w.Line($"public static implicit operator {cs}(string value) => new {cs}(value);");
        w.Close();
        w.Close();
        w.Line();

        OpenConverter(w, type.Name, cs, "without reflection: strings, and the engine's numeric constants.", cs);
        w.Line("/// <summary>Reads the value at the reader's token.</summary>");
        w.Line("/// <param name=\"reader\">The reader.</param>");
        w.Line("/// <returns>The value.</returns>");
        w.Line($"public static {cs} ReadValue(ref {Reader} reader) =>");
        w.Line($"    reader.TokenType == {TokenType}.Number ? {cs}.FromNumber({QixJson}.ReadInt32(ref reader)) : new {cs}({QixJson}.ReadString(ref reader) ?? string.Empty);");
        w.Line();
        w.Line("/// <summary>Writes the text as read or given (a long form stays long).</summary>");
        w.Line("/// <param name=\"writer\">The writer.</param>");
        w.Line("/// <param name=\"value\">The value.</param>");
        w.Line($"public static void WriteValue({Writer} writer, {cs} value) => writer.WriteStringValue(value.{SpellingName(type)});");
        w.Line();
        w.Line("// Internal, for this assembly's data types: a string, or a number that is a known numeric constant.");
        w.Open($"internal static bool TryReadValue(ref {Reader} reader, out {cs} value)");
        w.Line($"var token = {QixJson}.ReadEnumToken(ref reader, out var text, out var number);");
        w.Line($"value = token == {EnumToken}.Text ? new {cs}(text!) : token == {EnumToken}.Number ? {cs}.FromNumber(number) : default;");
        w.Line($"return token == {EnumToken}.Text || (token == {EnumToken}.Number && value.IsKnown);");
        w.Close();
        w.Line();
        w.Open($"internal static {cs}? ReadValue(ref {Reader} reader, string name, ref global::System.Collections.Generic.IDictionary<string, {Json}.JsonElement>? raw)");
        w.Line("reader.Read();");
        w.Line("if (TryReadValue(ref reader, out var value)) return value;");
        w.Line($"{KnownProperty}.Keep(ref reader, name, ref raw);");
        w.Line("return null;");
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>The internal member of an enumeration holding its text as read: <c>Spelling</c> unless a member took it.</summary>
    private static string SpellingName(EnumModel type)
    {
        var name = "Spelling";
        var taken = true;
        while (taken)
        {
            taken = name == type.Name;
            foreach (var member in type.Members)
            {
                taken |= member.Name == name;
            }

            if (taken)
            {
                name += "_";
            }
        }

        return name;
    }

    /// <summary>Opens the serialization namespace and a converter class whose Read/Write forward to ReadValue/WriteValue.</summary>
    private void OpenConverter(SourceWriter w, string typeName, string cs, string summary, string readResult)
    {
        w.Open($"namespace {_serializationNs}");
        w.Line($"/// <summary>Reads and writes <see cref=\"{cs}\"/> {summary}</summary>");
        w.Line($"public sealed class {typeName}Converter : global::System.Text.Json.Serialization.JsonConverter<{cs}>");
        w.Open();
        w.Line("/// <summary>The shared instance.</summary>");
        w.Line($"public static {typeName}Converter Instance {{ get; }} = new {typeName}Converter();");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"public override {readResult} Read(ref {Reader} reader, global::System.Type typeToConvert, {Json}.JsonSerializerOptions options) => ReadValue(ref reader);");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"public override void Write({Writer} writer, {cs} value, {Json}.JsonSerializerOptions options) => WriteValue(writer, value);");
        w.Line();
    }
}
