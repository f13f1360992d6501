using System.Collections.Generic;
using System.Text.Json;

namespace QixGen.Serialization;

/// <summary>
/// The base of every generated data type: what a read kept beyond the typed properties, so that a
/// read-modify-write round trip loses nothing. Not thread-safe, like any mutable data object.
/// </summary>
public abstract class QixDataObject
{
    // The extras and the values of sparse properties share one rarely allocated holder: most objects (a data page's
    // cells) have none, and then they cost this one field.
    private QixExtras? _extras;

    /// <summary>
    /// Properties the schema does not list (newer engines, client-defined keys), by wire name. Kept when reading and
    /// written back after the listed ones.
    /// </summary>
    public IDictionary<string, JsonElement>? AdditionalProperties
    {
        get => GetSparse<IDictionary<string, JsonElement>>(QixExtras.AdditionalSlot);
        set => SetSparse(QixExtras.AdditionalSlot, value);
    }

    /// <summary>
    /// Listed properties kept as raw JSON by wire name: an explicit null, or a value the property's type cannot hold;
    /// each is written back while its typed property is null.
    /// </summary>
    public IDictionary<string, JsonElement>? RawProperties
    {
        get => GetSparse<IDictionary<string, JsonElement>>(QixExtras.RawSlot);
        set => SetSparse(QixExtras.RawSlot, value);
    }

    internal void Set(IDictionary<string, JsonElement>? additional, IDictionary<string, JsonElement>? raw)
    {
        AdditionalProperties = additional;
        RawProperties = raw;
    }

    internal T? GetSparse<T>(int slot)
        where T : class => (T?)_extras?.Get(slot);

    internal void SetSparse(int slot, object? value)
    {
        if (_extras is null && value is null)
        {
            return;
        }

        (_extras ??= new QixExtras()).Set(slot, value);
    }
}
