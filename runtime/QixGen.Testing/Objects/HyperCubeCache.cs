using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using QixGen.Testing.Associative;

namespace QixGen.Testing.Objects;

/// <summary>
/// Keeps the last large cube computed per selection state, so paging through it (one GetHyperCubeData per page) does
/// not recompute 100,000 rows per page. Only cubes of at least <see cref="MinRows"/> rows are kept: small ones are cheap
/// and stay exact even when a library item or variable they use is edited between calls (which this key does not see).
/// </summary>
internal static class HyperCubeCache
{
    public const int MinRows = 10_000;

    private static readonly ConditionalWeakTable<AssociativeResult, Entry> s_last = new ConditionalWeakTable<AssociativeResult, Entry>();

    public static HyperCube Compute(DocInstance doc, JsonObject def)
    {
        var key = def.ToJsonString();
        var states = doc.Result;
        if (s_last.TryGetValue(states, out var entry) && entry.Key == key && ReferenceEquals(entry.Cube.Doc.Data, doc.Data))
        {
            return entry.Cube;
        }

        var cube = HyperCubeWriter.Compute(doc, def);
        if (cube.Rows.Count >= MinRows)
        {
            s_last.AddOrUpdate(states, new Entry(key, cube));
        }

        return cube;
    }

    private sealed class Entry
    {
        public Entry(string key, HyperCube cube)
        {
            Key = key;
            Cube = cube;
        }

        public string Key { get; }

        public HyperCube Cube { get; }
    }
}
