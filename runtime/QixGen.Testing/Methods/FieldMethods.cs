using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QixGen.Testing.Associative;
using QixGen.Testing.Data;
using QixGen.Testing.Protocol;
using QixGen.Testing.Session;

namespace QixGen.Testing.Methods;

/// <summary>Field: selections by search, by value, by state; lock and unlock.</summary>
internal static class FieldMethods
{
    public static void Register(MethodRegistry r)
    {
        var softLock = new[] { "qSoftLock" };
        var qReturn = new[] { "qReturn" };
        r.Add("Field", "Select", new[] { "qMatch", "qSoftLock", "qExcludedValuesMode" }, qReturn, ctx => Search(ctx, toggle: false));
        r.Add("Field", "ToggleSelect", new[] { "qMatch", "qSoftLock", "qExcludedValuesMode" }, qReturn, ctx => Search(ctx, toggle: true));
        r.Add("Field", "SelectValues", new[] { "qFieldValues", "qToggleMode", "qSoftLock" }, qReturn, SelectValues);
        r.Add("Field", "LowLevelSelect", new[] { "qValues", "qToggleMode", "qSoftLock" }, qReturn, ctx =>
            Change(ctx, (s, f) => ctx.Params.Bool("qToggleMode") ? s.Toggle(f.Name, ctx.Params.IntList("qValues")) : s.Set(f.Name, ctx.Params.IntList("qValues"))));
        r.Add("Field", "Clear", Array.Empty<string>(), qReturn, ctx => Change(ctx, (s, f) => s.Clear(f.Name)));
        r.Add("Field", "ClearAllButThis", softLock, qReturn, ctx => Change(ctx, (s, f) =>
        {
            foreach (var other in s.SelectedFields.Where(n => n != f.Name).ToList())
            {
                s.Clear(other);
            }

            return true;
        }));
        r.Add("Field", "SelectAll", softLock, qReturn, ctx => Change(ctx, (s, f) => s.Set(f.Name, Enumerable.Range(0, f.Cardinal))));
        r.Add("Field", "SelectPossible", softLock, qReturn, ctx => ByState(ctx, st => st is FieldValueState.Option || st.IsSelected()));
        r.Add("Field", "SelectExcluded", softLock, qReturn, ctx => ByState(ctx, st => st is FieldValueState.Excluded or FieldValueState.Alternative));
        r.Add("Field", "SelectAlternative", softLock, qReturn, ctx => ByState(ctx, st => st is FieldValueState.Alternative));
        r.Add("Field", "Lock", Array.Empty<string>(), qReturn, ctx => Change(ctx, (s, f) => s.Lock(f.Name)));
        r.Add("Field", "Unlock", Array.Empty<string>(), qReturn, ctx => Change(ctx, (s, f) => s.Unlock(f.Name)));
        r.Add("Field", "GetCardinal", Array.Empty<string>(), qReturn, ctx => new JsonObject { ["qReturn"] = FieldOf(ctx).Cardinal });
        r.Add("Field", "GetNxProperties", Array.Empty<string>(), new[] { "qProperties" }, _ => new JsonObject { ["qProperties"] = new JsonObject { ["qOneAndOnlyOne"] = false } });
    }

    private static FieldData FieldOf(CallContext ctx) => ctx.Doc.Field(ctx.Target.FieldName!);

    private static JsonObject Change(CallContext ctx, Func<SelectionState, FieldData, bool> change)
    {
        var field = FieldOf(ctx);
        return DocMethods.Selection(ctx, s => change(s, field), "qReturn");
    }

    private static JsonObject Search(CallContext ctx, bool toggle)
    {
        var field = FieldOf(ctx);
        var matcher = new SearchMatcher(ctx.Params.String("qMatch"));
        var includeExcluded = ctx.Params.Int("qExcludedValuesMode") != 0;
        var states = ctx.Doc.Result;
        var matches = Enumerable.Range(0, field.Cardinal)
            .Where(e => matcher.Matches(field.Values[e]))
            .Where(e => includeExcluded || states.State(field, e) is not (FieldValueState.Excluded or FieldValueState.ExcludedSelected or FieldValueState.ExcludedLocked))
            .ToList();
        if (matches.Count == 0 && !toggle)
        {
            return new JsonObject { ["qReturn"] = false };
        }

        return Change(ctx, (s, f) => toggle ? s.Toggle(f.Name, matches) : s.Set(f.Name, matches));
    }

    private static JsonObject SelectValues(CallContext ctx)
    {
        var field = FieldOf(ctx);
        var elements = new List<int>();
        foreach (var item in ctx.Params.Array("qFieldValues"))
        {
            var isNumeric = item?["qIsNumeric"] is JsonValue n && n.TryGetValue<bool>(out var numeric) && numeric;
            var element = isNumeric && item?["qNumber"] is JsonValue num && num.TryGetValue<double>(out var number)
                ? field.Find(CellValue.FromNumber(number))
                : field.Find(CellValue.FromText(item?["qText"]?.ToString() ?? string.Empty));
            if (element < 0 && !isNumeric)
            {
                element = field.Find(CellValue.Parse(item?["qText"]?.ToString() ?? string.Empty));
            }

            if (element >= 0)
            {
                elements.Add(element);
            }
        }

        var toggle = ctx.Params.Bool("qToggleMode");
        return Change(ctx, (s, f) => toggle ? s.Toggle(f.Name, elements) : s.Set(f.Name, elements));
    }

    private static JsonObject ByState(CallContext ctx, Func<FieldValueState, bool> pick)
    {
        var field = FieldOf(ctx);
        var states = ctx.Doc.Result;
        var elements = Enumerable.Range(0, field.Cardinal).Where(e => pick(states.State(field, e))).ToList();
        return Change(ctx, (s, f) => elements.Count > 0 && s.Set(f.Name, elements));
    }
}
