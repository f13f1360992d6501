using System.Collections.Generic;
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
        w.Line($"internal static readonly {Serialization}.QixDataCodec<{cs}> {MetadataField} = new {Serialization}.QixDataCodec<{cs}>(() => new {cs}(), () => new {Serialization}.QixProperty<{cs}>[]");
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
        w.Template("""
            /// <remarks>
            /// An extensible enumeration: a value this binding does not know (from a newer engine) is kept as it came
            /// and written back unchanged. The wire form is the short name; the long form is read too and written back as it came.
            /// </remarks>
            """);
        StatusAttributes(w, type.Status);
        GeneratedTypeAttributes(w);
        w.Line($"public readonly partial struct {type.Name} : global::System.IEquatable<{cs}>");
        w.Open();
        w.Template($$"""
            private readonly string? _value; // as read or given: a wire form, a long form, or unknown

            /// <summary>Creates a value from its wire form or long form.</summary>
            /// <param name="value">The value as the engine writes it, e.g. a title or a long name.</param>
            public {{type.Name}}(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));
            """);
        EmitEnumMembers(w, type, cs);
        w.Template($$"""

            /// <summary>The wire form (empty for the default value).</summary>
            public string WireValue => _value is null ? string.Empty : Normalize(_value);

            /// <summary>The text as read or given (a long form stays long): what the converter writes.</summary>
            internal string {{SpellingName(type)}} => _value ?? string.Empty;

            """);
        EmitEnumLookups(w, type, cs);
        EmitEnumEquality(w, cs);
        w.Template($$"""

            /// <summary>Reads strings and the engine's numeric constants; writes the text as read or given.</summary>
            internal static readonly {{Serialization}}.QixEnumCodec<{{cs}}> {{MetadataField}} =
                new {{Serialization}}.QixEnumCodec<{{cs}}>(v => new {{cs}}(v), FromNumber, v => v.IsKnown, v => v.{{SpellingName(type)}});
            """);
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>One static property per known value, then <c>KnownValues</c> in the schema's order.</summary>
    private static void EmitEnumMembers(SourceWriter w, EnumModel type, string cs)
    {
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
    }

    /// <summary>
    /// IsKnown, NumericValue, FromNumber and Normalize: switches over the known values. A spec may repeat a wire value,
    /// a number or a long form; each gets one case label (the first member's), and an empty enum gets none.
    /// </summary>
    private static void EmitEnumLookups(SourceWriter w, EnumModel type, string cs)
    {
        var titles = new System.Collections.Generic.HashSet<string>();
        var known = new List<string>();
        var numbers = new List<string>();
        var fromNumber = new List<string>();
        var longForms = new List<string>();
        var numbered = new System.Collections.Generic.HashSet<string>();
        var seen = new System.Collections.Generic.HashSet<int>();
        foreach (var member in type.Members)
        {
            if (titles.Add(member.WireValue))
            {
                known.Add($"case {DocText.Literal(member.WireValue)}:");
            }

            if (member.NumericValue is { } number)
            {
                var digits = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (numbered.Add(member.WireValue))
                {
                    numbers.Add($"case {DocText.Literal(member.WireValue)}: return {digits};");
                }

                if (seen.Add(number))
                {
                    fromNumber.Add($"case {digits}: return {member.Name};");
                }
            }
        }

        var mapped = new System.Collections.Generic.HashSet<string>();
        foreach (var member in type.Members)
        {
            if (member.LongName is { Length: > 0 } longForm && !titles.Contains(longForm) && mapped.Add(longForm))
            {
                longForms.Add($"case {DocText.Literal(longForm)}: return {DocText.Literal(member.WireValue)};");
            }
        }

        if (known.Count > 0)
        {
            known.Add("    return true;");
        }

        w.Line("/// <summary>Whether this binding knows the value.</summary>");
        WriteSwitch(w, ["public bool IsKnown", "get"], "WireValue", known, ["default:", "    return false;"]);
        w.Line();
        w.Line("/// <summary>The engine's numeric constant for the value, when known.</summary>");
        WriteSwitch(w, ["public int? NumericValue", "get"], "WireValue", numbers, ["default: return null;"]);
        w.Template("""

            /// <summary>The value for an engine numeric constant; an unknown number is kept as its decimal text.</summary>
            /// <param name="number">The numeric constant.</param>
            /// <returns>The value.</returns>
            """);
        WriteSwitch(w, [$"public static {cs} FromNumber(int number)"], "number", fromNumber, [$"default: return new {cs}(number.ToString(global::System.Globalization.CultureInfo.InvariantCulture));"]);
        w.Line();
        WriteSwitch(w, ["private static string Normalize(string value)"], "value", longForms, ["default: return value;"]);
    }

    /// <summary>Nested blocks (member, accessor) around <c>switch (subject)</c> with the given case lines.</summary>
    private static void WriteSwitch(SourceWriter w, string[] blocks, string subject, List<string> cases, string[] fallback)
    {
        foreach (var block in blocks)
        {
            w.Open(block);
        }

        w.Open($"switch ({subject})");
        foreach (var line in cases)
        {
            w.Line(line);
        }

        foreach (var line in fallback)
        {
            w.Line(line);
        }
        w.Close();
        foreach (var _ in blocks)
        {
            w.Close();
        }
    }

    /// <summary>Equality, hashing, ToString and the operators: by wire form, so a long form equals its short form.</summary>
    private static void EmitEnumEquality(SourceWriter w, string cs) => w.Template($$"""

        /// <inheritdoc />
        public bool Equals({{cs}} other) => string.Equals(WireValue, other.WireValue, global::System.StringComparison.Ordinal);

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is {{cs}} other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(WireValue);

        /// <summary>The wire form.</summary>
        /// <returns>The wire form.</returns>
        public override string ToString() => WireValue;

        /// <summary>Compares two values by wire form.</summary>
        /// <param name="left">The first value.</param>
        /// <param name="right">The second value.</param>
        /// <returns>Whether they are equal.</returns>
        public static bool operator ==({{cs}} left, {{cs}} right) => left.Equals(right);

        /// <summary>Compares two values by wire form.</summary>
        /// <param name="left">The first value.</param>
        /// <param name="right">The second value.</param>
        /// <returns>Whether they differ.</returns>
        public static bool operator !=({{cs}} left, {{cs}} right) => !left.Equals(right);

        /// <summary>Converts a wire form or long form.</summary>
        /// <param name="value">The text.</param>
        public static implicit operator {{cs}}(string value) => new {{cs}}(value);
        """);

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
