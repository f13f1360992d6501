using System.Collections.Generic;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// The base of every generated data type: what a read kept beyond the typed properties, so that a
/// read-modify-write round trip loses nothing. Not thread-safe, like any mutable data object.
/// </summary>
public abstract class QixDataObject
{
    // Both bags in one rarely allocated holder: most objects (a data page's cells) have neither.
    private Extras? _extras;

    /// <summary>
    /// Properties the schema does not list (newer engines, client-defined keys), by wire name. Kept when reading and
    /// written back after the listed ones.
    /// </summary>
    public IDictionary<string, JsonElement>? AdditionalProperties
    {
        get => _extras?.Additional;
        set => Set(value, _extras?.Raw);
    }

    /// <summary>
    /// Listed properties kept as raw JSON by wire name: an explicit null, or a value the property's type cannot hold;
    /// each is written back while its typed property is null.
    /// </summary>
    public IDictionary<string, JsonElement>? RawProperties
    {
        get => _extras?.Raw;
        set => Set(_extras?.Additional, value);
    }

    internal void Set(IDictionary<string, JsonElement>? additional, IDictionary<string, JsonElement>? raw) =>
        _extras = additional is null && raw is null ? null : new Extras(additional, raw);

    private sealed class Extras
    {
        public Extras(IDictionary<string, JsonElement>? additional, IDictionary<string, JsonElement>? raw)
        {
            Additional = additional;
            Raw = raw;
        }

        public IDictionary<string, JsonElement>? Additional { get; }

        public IDictionary<string, JsonElement>? Raw { get; }
    }
}
