using System;
using System.Collections.Generic;
using System.Linq;

namespace QixGen.Testing.Associative;

/// <summary>The selections of one doc: per field, the selected element numbers and whether the field is locked.</summary>
internal sealed class SelectionState
{
    private readonly Dictionary<string, HashSet<int>> _selected = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
    private readonly HashSet<string> _locked = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Fields with a selection, in the order they were first selected (the current-selections order).</summary>
    public IEnumerable<string> SelectedFields => _selected.Where(p => p.Value.Count > 0).Select(p => p.Key);

    public IReadOnlyCollection<int> Selected(string field) => _selected.TryGetValue(field, out var set) ? set : (IReadOnlyCollection<int>)Array.Empty<int>();

    public bool HasSelection(string field) => _selected.TryGetValue(field, out var set) && set.Count > 0;

    public bool IsLocked(string field) => _locked.Contains(field);

    public bool IsEmpty => !SelectedFields.Any();

    /// <summary>Replaces a field's selection; false (no change) when the field is locked.</summary>
    public bool Set(string field, IEnumerable<int> elements)
    {
        if (IsLocked(field))
        {
            return false;
        }

        var set = new HashSet<int>(elements);
        if (set.Count == 0)
        {
            _selected.Remove(field);
        }
        else
        {
            _selected[field] = set;
        }

        return true;
    }

    public bool Toggle(string field, IEnumerable<int> elements)
    {
        var set = new HashSet<int>(Selected(field));
        foreach (var element in elements)
        {
            if (!set.Add(element))
            {
                set.Remove(element);
            }
        }

        return Set(field, set);
    }

    public bool Clear(string field) => Set(field, Array.Empty<int>());

    public void ClearAll(bool lockedAlso)
    {
        foreach (var field in _selected.Keys.ToList())
        {
            if (lockedAlso || !IsLocked(field))
            {
                _selected.Remove(field);
                _locked.Remove(field);
            }
        }
    }

    /// <summary>Locks a field with a selection (the engine locks only selected fields).</summary>
    public bool Lock(string field) => HasSelection(field) && _locked.Add(field);

    public bool Unlock(string field) => _locked.Remove(field);

    public SelectionState Clone()
    {
        var copy = new SelectionState();
        foreach (var (field, set) in _selected)
        {
            copy._selected[field] = new HashSet<int>(set);
        }

        copy._locked.UnionWith(_locked);
        return copy;
    }

    public bool SameAs(SelectionState other) =>
        _locked.SetEquals(other._locked) &&
        SelectedFields.Count() == other.SelectedFields.Count() &&
        SelectedFields.All(f => other._selected.TryGetValue(f, out var set) && set.SetEquals(_selected[f]));

    /// <summary>A copy without one field's selection (to find its alternative values).</summary>
    public SelectionState Without(string field)
    {
        var copy = Clone();
        copy._selected.Remove(field);
        return copy;
    }
}
