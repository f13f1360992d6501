using System.Collections.Generic;

namespace QixGen.Generator.Json;

/// <summary>A position in a source text, 1-based, for diagnostics.</summary>
internal readonly record struct TextPosition(int Line, int Column, int Offset);

/// <summary>A parsed JSON value that remembers where it stood in the file.</summary>
internal abstract class JsonNode
{
    protected JsonNode(TextPosition position) => Position = position;

    public TextPosition Position { get; }
}

internal sealed class JsonObjectNode : JsonNode
{
    private readonly List<JsonProperty> _properties = new();

    public JsonObjectNode(TextPosition position) : base(position) { }

    /// <summary>Properties in file order (the spec's order matters: parameters, enum members).</summary>
    public IReadOnlyList<JsonProperty> Properties => _properties;

    internal void Add(JsonProperty property) => _properties.Add(property);

    public JsonNode? Get(string name)
    {
        foreach (var property in _properties)
        {
            if (property.Name == name)
            {
                return property.Value;
            }
        }

        return null;
    }

    public string? GetString(string name) => (Get(name) as JsonStringNode)?.Value;

    public bool GetBool(string name) => Get(name) is JsonLiteralNode { Kind: JsonLiteralKind.True };
}

internal sealed record JsonProperty(string Name, TextPosition NamePosition, JsonNode Value);

internal sealed class JsonArrayNode : JsonNode
{
    public JsonArrayNode(TextPosition position, List<JsonNode> items) : base(position) => Items = items;

    public IReadOnlyList<JsonNode> Items { get; }
}

internal sealed class JsonStringNode : JsonNode
{
    public JsonStringNode(TextPosition position, string value) : base(position) => Value = value;

    public string Value { get; }
}

internal sealed class JsonNumberNode : JsonNode
{
    public JsonNumberNode(TextPosition position, string raw) : base(position) => Raw = raw;

    /// <summary>The number as written, so nothing is lost to a double round trip.</summary>
    public string Raw { get; }
}

internal enum JsonLiteralKind
{
    True,
    False,
    Null,
}

internal sealed class JsonLiteralNode : JsonNode
{
    public JsonLiteralNode(TextPosition position, JsonLiteralKind kind) : base(position) => Kind = kind;

    public JsonLiteralKind Kind { get; }
}
