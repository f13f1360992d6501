using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QixGen.Testing.Associative;
using QixGen.Testing.Data;

namespace QixGen.Testing.Objects;

/// <summary>
/// An app as one session has it open: its data, selections (with back/forward history), script and objects.
/// Not thread-safe: the session serializes calls.
/// </summary>
internal sealed class DocInstance
{
    private const int MaxHistory = 100;
    private readonly List<SelectionState> _back = new List<SelectionState>();
    private readonly List<SelectionState> _forward = new List<SelectionState>();
    private AssociativeResult? _result;

    public DocInstance(QixApp app)
    {
        App = app;
        Data = app.Data;
        Script = app.Script;
        foreach (var (id, (kind, properties)) in app.PersistedEntities)
        {
            Entities[id] = new StoredEntity(kind, id, (JsonObject)properties.DeepClone(), isSession: false);
        }
    }

    public QixApp App { get; }

    public DataModel Data { get; private set; }

    public string Script { get; set; }

    public SelectionState Selections { get; private set; } = new SelectionState();

    public Dictionary<string, StoredEntity> Entities { get; } = new Dictionary<string, StoredEntity>(StringComparer.Ordinal);

    public int BackCount => _back.Count;

    public int ForwardCount => _forward.Count;

    /// <summary>The states of the current selections (computed once per change).</summary>
    public AssociativeResult Result => _result ??= AssociativeEngine.Compute(Data, Selections);

    public FieldData Field(string name) => Data.Field(name) ?? throw Protocol.QixRpcException.NotFound(name);

    /// <summary>Applies a selection change, recording history when something changed. Returns the change's own verdict.</summary>
    public bool ChangeSelections(Func<SelectionState, bool> change) => ChangeSelections(change, out _);

    /// <summary>As <see cref="ChangeSelections(Func{SelectionState, bool})"/>, telling whether the selections changed.</summary>
    public bool ChangeSelections(Func<SelectionState, bool> change, out bool changed)
    {
        var before = Selections.Clone();
        var ok = change(Selections);
        changed = !Selections.SameAs(before);
        if (changed)
        {
            _back.Add(before);
            if (_back.Count > MaxHistory)
            {
                _back.RemoveAt(0);
            }

            _forward.Clear();
            _result = null;
        }

        return ok;
    }

    public bool Back() => Step(_back, _forward);

    public bool Forward() => Step(_forward, _back);

    /// <summary>Replaces the data after a reload; selections whose values still exist are kept, as the engine does.</summary>
    public void ReplaceData(DataModel data)
    {
        var texts = SelectionTexts();
        Data = data;
        Selections = new SelectionState();
        RestoreSelectionTexts(texts);
        _back.Clear();
        _forward.Clear();
        _result = null;
    }

    /// <summary>The selections as field name to value texts (bookmarks keep these).</summary>
    public Dictionary<string, List<string>> SelectionTexts()
    {
        var texts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var fieldName in Selections.SelectedFields)
        {
            if (Data.Field(fieldName) is { } field)
            {
                texts[fieldName] = Selections.Selected(fieldName).Where(e => e < field.Cardinal).Select(e => field.Values[e].Text).ToList();
            }
        }

        return texts;
    }

    /// <summary>Selects exactly these value texts (clearing other unlocked fields).</summary>
    public bool RestoreSelectionTexts(Dictionary<string, List<string>> texts)
    {
        return ChangeSelections(state =>
        {
            state.ClearAll(lockedAlso: false);
            foreach (var (fieldName, values) in texts)
            {
                if (Data.Field(fieldName) is { } field)
                {
                    var elements = new List<int>();
                    for (var e = 0; e < field.Cardinal; e++)
                    {
                        if (values.Contains(field.Values[e].Text))
                        {
                            elements.Add(e);
                        }
                    }

                    state.Set(fieldName, elements);
                }
            }

            return true;
        });
    }

    public StoredEntity Entity(string id, EntityKind kind) =>
        Entities.TryGetValue(id, out var entity) && entity.Kind == kind ? entity : throw Protocol.QixRpcException.NotFound(id);

    public StoredEntity? VariableByName(string name) =>
        Entities.Values.FirstOrDefault(e => e.Kind == EntityKind.Variable && string.Equals(e.Properties["qName"]?.ToString(), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Persists a non-session entity to the app so later sessions see it.</summary>
    public void Persist(StoredEntity entity)
    {
        if (!entity.IsSession && !App.IsSessionApp)
        {
            App.PersistedEntities[entity.Id] = (entity.Kind, (JsonObject)entity.Properties.DeepClone());
        }
    }

    public void Remove(StoredEntity entity)
    {
        Entities.Remove(entity.Id);
        App.PersistedEntities.TryRemove(entity.Id, out _);
    }

    private bool Step(List<SelectionState> from, List<SelectionState> to)
    {
        if (from.Count == 0)
        {
            return false;
        }

        to.Add(Selections);
        Selections = from[^1];
        from.RemoveAt(from.Count - 1);
        _result = null;
        return true;
    }
}
