using System.Linq;
using QixGen.Generator.Model;

namespace QixGen.Generator.Emitting;

internal sealed partial class Emitter
{
    /// <summary>The internal static member of a generated data type or enumeration that holds its codec.</summary>
    internal const string MetadataField = "s_qixMetadata"; // lower case: no C# name from the spec starts so

    private string EmitDataType(DataTypeModel type)
    {
        var w = Header();
        var cs = $"global::{_ns}.{type.Name}";
        w.Open($"namespace {_ns}");
        var links = DataTypeLinks(type);
        Summary(w, type.Description, $"The engine type <c>{DocText.Escape(type.WireName)}</c>.", links);
        StatusAttributes(w, type.Status);
        GeneratedTypeAttributes(w);
        w.Open($"public partial class {type.Name} : {DataObject}");
        var storage = PropertyStorage.Plan(type);
        for (var i = 0; i < storage.Length; i++)
        {
            var property = type.Properties[i];
            Summary(w, property.Description, $"<c>{DocText.Escape(property.WireName)}</c>", links);
            StatusAttributes(w, property.Status);
            WritePropertyDeclaration(w, property, storage[i]);
            w.Line();
        }

        if (storage.Any(s => s.Kind is StorageKind.Compact or StorageKind.Flag))
        {
            w.Line("private uint qixSet; // which value-type properties are set, and the values of flags (QixOptional)");
            w.Line();
        }

        w.Line("/// <summary>Wire names, codecs and accessors of the properties: all the runtime needs to read and write the type.</summary>");
        w.Line($"internal static readonly {Serialization}.QixDataCodec<{cs}> {MetadataField} = new {Serialization}.QixDataCodec<{cs}>(() => new {Serialization}.QixProperty<{cs}>[]");
        w.Open();
        foreach (var property in type.Properties)
        {
            w.Line(PropertyMetadata(type, property) + ",");
        }

        w.Close(");");
        w.Line();
        w.Line("/// <summary>The data as compact JSON, as it would be sent to the engine.</summary>");
        w.Line("/// <returns>The JSON text.</returns>");
        w.Line($"public override string ToString() => {MetadataField}.ToJson(this);");
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>
    /// A property's declaration, as planned by <see cref="PropertyStorage.Plan"/>: value types in plain fields with a
    /// bit in <c>qixSet</c> (QixOptional) instead of nullables (a page's cells are half the size), flags in
    /// <c>qixSet</c> alone, sparse sub-objects in a slot of QixSparse. Field names start lower case, which no name
    /// from the spec does.
    /// </summary>
    private void WritePropertyDeclaration(SourceWriter w, PropertyModel property, PropertyStorage storage)
    {
        var head = $"public {CsNullable(property.Type)} {property.Name}";
        var bit = storage.Bit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var optional = Serialization + ".QixOptional";
        switch (storage.Kind)
        {
            case StorageKind.Sparse:
                var store = Serialization + ".QixSparse";
                w.Line($"{head} {{ get => {store}.Get<{Cs(property.Type)}>(this, {bit}); set => {store}.Set(this, {bit}, value); }}");
                break;
            case StorageKind.Flag:
                var flag = storage.ValueBit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                w.Line($"{head} {{ get => {optional}.GetFlag(qixSet, {bit}, {flag}); set => {optional}.SetFlag(ref qixSet, {bit}, {flag}, value); }}");
                break;
            case StorageKind.Compact:
                w.Line($"{head} {{ get => {optional}.Get(qixSet, {bit}, qixValue{bit}); set => {optional}.Set(ref qixSet, {bit}, ref qixValue{bit}, value); }}");
                w.Line($"private {Cs(property.Type)} qixValue{bit};");
                break;
            default:
                w.Line($"{head} {{ get; set; }}");
                break;
        }
    }

    /// <summary>The metadata entry of a property: wire name, codec, getter and setter.</summary>
    private string PropertyMetadata(DataTypeModel type, PropertyModel property)
    {
        var owner = $"global::{_ns}.{type.Name}";
        var kind = property.Type.IsValueType ? "QixValueProperty" : "QixReferenceProperty";
        var accessors = $"o => o.{property.Name}, (o, v) => o.{property.Name} = v";
        return $"new {Serialization}.{kind}<{owner}, {Cs(property.Type)}>({DocText.Literal(property.WireName)}, {Codec(property.Type, type.Name)}, {accessors})";
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
        GeneratedTypeAttributes(w);
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
        w.Line();
        w.Line("/// <summary>Reads strings and the engine's numeric constants; writes the text as read or given.</summary>");
        w.Line($"internal static readonly {Serialization}.QixEnumCodec<{cs}> {MetadataField} =");
        w.Line($"    new {Serialization}.QixEnumCodec<{cs}>(v => new {cs}(v), FromNumber, v => v.IsKnown, v => v.{SpellingName(type)});");
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
}
