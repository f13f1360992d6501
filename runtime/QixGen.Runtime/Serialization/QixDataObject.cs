using System.Collections.Generic;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// The base of every generated data type: what a read kept beyond the typed properties, so that a
/// read-modify-write round trip loses nothing. Not thread-safe, like any mutable data object.
/// </summary>
public abstract class QixDataObject
{
    // The extras and the values of sparse properties (QixSparse) share one rarely allocated holder: most objects (a
    // data page's cells) have none, and then they cost this one field.
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

    internal void Set(IDictionary<string, JsonElement>? additional, IDictionary<string, JsonElement>? raw)
    {
        if (_extras is null && additional is null && raw is null)
        {
            return;
        }

        var extras = _extras ??= new Extras();
        extras.Additional = additional;
        extras.Raw = raw;
    }

    internal T? GetSparse<T>(int slot)
        where T : class => _extras is { } extras ? (T?)extras.Sparse.Get(slot) : null;

    internal void SetSparse(int slot, object? value)
    {
        if (_extras is null && value is null)
        {
            return;
        }

        (_extras ??= new Extras()).Sparse.Set(slot, value);
    }

    private sealed class Extras
    {
        public IDictionary<string, JsonElement>? Additional { get; set; }

        public IDictionary<string, JsonElement>? Raw { get; set; }

        public QixSparseValues Sparse; // a mutable struct: a field, never a copy
    }
}
