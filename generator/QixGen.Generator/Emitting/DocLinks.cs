using System.Collections.Generic;

namespace QixGen.Generator.Emitting;

/// <summary>
/// What a doc comment may link to: spec names (wire names such as <c>qFmt</c> or <c>HyperCube</c>) mapped to the XML
/// element naming the C# member (<c>&lt;see cref="..."/&gt;</c>, <c>&lt;paramref name="..."/&gt;</c>). Built from the
/// model's C# identifiers only, never from spec text, so a description can never choose what a cref says.
/// </summary>
internal sealed class DocLinks
{
    public static readonly DocLinks None = new(new Dictionary<string, string>(System.StringComparer.Ordinal), null);

    private readonly Dictionary<string, string> _links;
    private readonly DocLinks? _outer;

    private DocLinks(Dictionary<string, string> links, DocLinks? outer)
    {
        _links = links;
        _outer = outer;
    }

    /// <summary>The XML for <paramref name="wireName"/>, or null when nothing in scope has that name.</summary>
    public string? Find(string wireName) =>
        _links.TryGetValue(wireName, out var xml) ? xml : _outer?.Find(wireName);

    /// <summary>A scope whose own names (members, parameters) come before this one's (types).</summary>
    public Builder Inner() => new(this);

    /// <summary>A <c>see cref</c> to a fully qualified C# name (<c>global::Ns.Type.Member</c>).</summary>
    public static string See(string qualifiedName) => "<see cref=\"" + qualifiedName + "\"/>";

    /// <summary>Collects the names of one scope; the first entry for a wire name wins.</summary>
    internal sealed class Builder
    {
        private readonly Dictionary<string, string> _links = new(System.StringComparer.Ordinal);
        private readonly DocLinks? _outer;

        public Builder(DocLinks? outer) => _outer = outer;

        public Builder Cref(string wireName, string qualifiedName) => Add(wireName, See(qualifiedName));

        public Builder ParamRef(string wireName, string parameterName) =>
            Add(wireName, "<paramref name=\"" + parameterName.TrimStart('@') + "\"/>");

        public DocLinks Build() => new(_links, _outer);

        private Builder Add(string wireName, string xml)
        {
            if (!_links.ContainsKey(wireName))
            {
                _links.Add(wireName, xml);
            }

            return this;
        }
    }
}
