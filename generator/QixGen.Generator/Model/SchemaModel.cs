namespace QixGen.Generator.Model;

// The value-equatable model between the parser and the emitter. It holds plain data only (no Roslyn
// symbols, syntax or locations), so the incremental pipeline can compare it and skip unchanged work,
// and so the CLI can use the parser and emitter outside Roslyn.

/// <summary>Everything generated from one schema file.</summary>
internal sealed record SchemaModel(
    string Namespace,
    string EngineVersion,
    string SourceFileName,
    EquatableArray<ServiceModel> Services,
    EquatableArray<DataTypeModel> DataTypes,
    EquatableArray<EnumModel> Enums,
    EquatableArray<ResultTypeModel> ResultTypes);

/// <summary>Lifecycle marks the spec attaches to methods, types and properties.</summary>
internal sealed record ApiStatus(string? ObsoleteMessage, bool Experimental)
{
    public static readonly ApiStatus Normal = new(null, false);
}

/// <summary>A QIX interface (Global, Doc, ...): one proxy class.</summary>
internal sealed record ServiceModel(string Name, string WireName, EquatableArray<MethodModel> Methods);

/// <summary>One method of a service.</summary>
internal sealed record MethodModel(
    string WireName,
    string Name,
    string? Description,
    ApiStatus Status,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<OutValueModel> Outputs,
    string? ResultTypeName);

/// <summary>One in-parameter, in the spec's order.</summary>
internal sealed record ParameterModel(string WireName, string Name, TypeRef Type, bool Required, string? Description);

/// <summary>One out value of a method's result object.</summary>
internal sealed record OutValueModel(string WireName, string PropertyName, TypeRef Type, string? Description);

/// <summary>A result class holding all out values of a method with several.</summary>
internal sealed record ResultTypeModel(string Name, string ServiceWireName, string MethodWireName, EquatableArray<OutValueModel> Outputs);

/// <summary>An object type from <c>components.schemas</c>.</summary>
internal sealed record DataTypeModel(string Name, string WireName, string? Description, ApiStatus Status, EquatableArray<PropertyModel> Properties);

/// <summary>A property of a data type.</summary>
internal sealed record PropertyModel(string WireName, string Name, TypeRef Type, string? Description, ApiStatus Status);

/// <summary>A string enumeration (<c>oneOf</c> of titles).</summary>
internal sealed record EnumModel(string Name, string WireName, string? Description, ApiStatus Status, EquatableArray<EnumMemberModel> Members);

/// <summary>An enum member: the wire form is the title, the long form its description.</summary>
internal sealed record EnumMemberModel(string Name, string WireValue, string? LongName, int? NumericValue);

/// <summary>The kinds of value a schema can describe.</summary>
internal enum TypeKind
{
    String,
    Boolean,
    Int32,
    Int64,
    Byte,
    Double,
    /// <summary>Free JSON (<c>JsonObject</c>, <c>qData</c>, unknown constructs): kept as a JSON value.</summary>
    Json,
    Object,
    Enum,
    Array,
    /// <summary>A remote object handle (<c>ObjectInterface</c>): becomes a proxy.</summary>
    ObjectInterface,
}

/// <summary>
/// A reference to a type. <see cref="Name"/> is the generated class for Object/Enum, the proxy class for
/// ObjectInterface (null: the common base); <see cref="Element"/> is the item type of an Array.
/// </summary>
internal sealed record TypeRef(TypeKind Kind, string? Name = null, TypeRef? Element = null)
{
    public static readonly TypeRef String = new(TypeKind.String);
    public static readonly TypeRef Boolean = new(TypeKind.Boolean);
    public static readonly TypeRef Int32 = new(TypeKind.Int32);
    public static readonly TypeRef Int64 = new(TypeKind.Int64);
    public static readonly TypeRef Byte = new(TypeKind.Byte);
    public static readonly TypeRef Double = new(TypeKind.Double);
    public static readonly TypeRef Json = new(TypeKind.Json);

    public static TypeRef ArrayOf(TypeRef element) => new(TypeKind.Array, null, element);

    public bool IsValueType => Kind is TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Byte or TypeKind.Double or TypeKind.Json or TypeKind.Enum;

    /// <summary>A stable identifier-safe name of this type, for helper method names.</summary>
    public string Moniker => Kind switch
    {
        TypeKind.Array => "ListOf" + Element!.Moniker,
        TypeKind.Object or TypeKind.Enum => Name!,
        TypeKind.ObjectInterface => "Object",
        _ => Kind.ToString(),
    };
}
