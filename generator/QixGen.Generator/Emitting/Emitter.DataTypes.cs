using QixGen.Generator.Model;

namespace QixGen.Generator.Emitting;

internal sealed partial class Emitter
{
    private string EmitDataType(DataTypeModel type)
    {
        var w = Header();
        var cs = $"global::{_ns}.{type.Name}";
        w.Open($"namespace {_ns}");
        Summary(w, type.Description, $"The engine type <c>{DocText.Escape(type.WireName)}</c>.");
        StatusAttributes(w, type.Status);
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({Converter(new TypeRef(TypeKind.Object, type.Name))}))]");
        w.Open($"public partial class {type.Name}");
        foreach (var property in type.Properties)
        {
            Summary(w, property.Description, $"<c>{DocText.Escape(property.WireName)}</c>");
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
        w.Close();
        w.Close();
        w.Line();

        OpenConverter(w, type.Name, cs, "without reflection.", $"{cs}?");
        w.Line($"/// <summary>Reads a <see cref=\"{cs}\"/>; the reader stands on its first token and is left on its last.</summary>");
        w.Line("/// <param name=\"reader\">The reader.</param>");
        w.Line("/// <returns>The value.</returns>");
        w.Open($"public static {cs} ReadValue(ref {Reader} reader)");
        w.Line($"{QixJson}.Expect(ref reader, {TokenType}.StartObject);");
        w.Line($"var value = new {cs}();");
        w.Line($"global::System.Collections.Generic.IDictionary<string, {Json}.JsonElement>? additional = null;");
        w.Open($"while (reader.Read() && reader.TokenType == {TokenType}.PropertyName)");
        var first = true;
        foreach (var property in type.Properties)
        {
            w.Open($"{(first ? "if" : "else if")} (reader.ValueTextEquals({Name(property.WireName)}))");
            w.Line("reader.Read();");
            w.Open($"if (reader.TokenType != {TokenType}.Null)");
            w.Line($"value.{property.Name} = {ReadExpr(property.Type)};");
            w.Close();
            w.Close();
            first = false;
        }

        if (first)
        {
            w.Open();
        }
        else
        {
            w.Open("else");
        }

        w.Line("var name = reader.GetString()!;");
        w.Line("reader.Read();");
        w.Line($"{QixJson}.ReadAdditional(ref reader, name, ref additional);");
        w.Close();
        w.Close();
        w.Line("value.AdditionalProperties = additional;");
        w.Line("return value;");
        w.Close();
        w.Line();
        w.Line($"/// <summary>Writes a <see cref=\"{cs}\"/>: set properties only, then the additional ones.</summary>");
        w.Line("/// <param name=\"writer\">The writer.</param>");
        w.Line("/// <param name=\"value\">The value.</param>");
        w.Open($"public static void WriteValue({Writer} writer, {cs} value)");
        w.Line("writer.WriteStartObject();");
        var index = 0;
        foreach (var property in type.Properties)
        {
            var local = "v" + index++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w.Open($"if (value.{property.Name} is {{ }} {local})");
            w.Line($"writer.WritePropertyName({Name(property.WireName)});");
            w.Line(WriteStatement(property.Type, local));
            w.Close();
        }

        w.Line($"{QixJson}.WriteAdditional(writer, value.AdditionalProperties);");
        w.Line("writer.WriteEndObject();");
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }

    private string EmitEnum(EnumModel type)
    {
        var w = Header();
        var cs = $"global::{_ns}.{type.Name}";
        w.Open($"namespace {_ns}");
        Summary(w, type.Description, $"The engine enumeration <c>{DocText.Escape(type.WireName)}</c>.");
        w.Line("/// <remarks>");
        w.Line("/// An extensible enumeration: a value this binding does not know (from a newer engine) is kept as it came");
        w.Line("/// and written back unchanged. The wire form is the short name; the long form is read too.");
        w.Line("/// </remarks>");
        StatusAttributes(w, type.Status);
        w.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({Converter(new TypeRef(TypeKind.Enum, type.Name))}))]");
        w.Line($"public readonly partial struct {type.Name} : global::System.IEquatable<{cs}>");
        w.Open();
        w.Line("private readonly string? _value;");
        w.Line();
        w.Line("/// <summary>Creates a value from its wire form or long form.</summary>");
        w.Line("/// <param name=\"value\">The value as the engine writes it, e.g. a title or a long name.</param>");
        w.Line($"public {type.Name}(string value) => _value = Normalize(value ?? throw new global::System.ArgumentNullException(nameof(value)));");
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
        w.Line("public string WireValue => _value ?? string.Empty;");
        w.Line();
        w.Line("/// <summary>Whether this binding knows the value.</summary>");
        w.Open("public bool IsKnown");
        w.Open("get");
        w.Open("switch (_value)");
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
        w.Open("switch (_value)");
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
        w.Line("/// <summary>Writes the wire form.</summary>");
        w.Line("/// <param name=\"writer\">The writer.</param>");
        w.Line("/// <param name=\"value\">The value.</param>");
        w.Line($"public static void WriteValue({Writer} writer, {cs} value) => writer.WriteStringValue(value.WireValue);");
        w.Close();
        w.Close();
        return w.ToString();
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
