using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QixGen.Testing.Associative;
using QixGen.Testing.Objects;
using QixGen.Testing.Session;

namespace QixGen.Testing.Methods;

/// <summary>GenericObject: layouts, paging, and selections through hypercubes and list objects.</summary>
internal static class GenericObjectMethods
{
    public static void Register(MethodRegistry r)
    {
        PropertyMethods.Register(r, "GenericObject");
        var success = new[] { "qSuccess" };
        r.Add("GenericObject", "GetEffectiveProperties", Array.Empty<string>(), new[] { "qProp" }, ctx => new JsonObject { ["qProp"] = PropertyMethods.Properties(ctx.Entity) });
        r.Add("GenericObject", "GetHyperCubeData", new[] { "qPath", "qPages" }, new[] { "qDataPages" }, ctx =>
            new JsonObject { ["qDataPages"] = HyperCubeWriter.Pages(ctx.Doc, Def(ctx), ctx.Params.Array("qPages")) });
        r.Add("GenericObject", "GetListObjectData", new[] { "qPath", "qPages" }, new[] { "qDataPages" }, ctx =>
            new JsonObject { ["qDataPages"] = ListObjectWriter.Pages(ctx.Doc, Def(ctx), ctx.Params.Array("qPages")) });
        r.Add("GenericObject", "SelectHyperCubeValues", new[] { "qPath", "qDimNo", "qValues", "qToggleMode" }, success, SelectHyperCubeValues);
        r.Add("GenericObject", "SelectHyperCubeCells", new[] { "qPath", "qRowIndices", "qColIndices", "qSoftLock", "qDeselectOnlyOneSelected" }, success, SelectHyperCubeCells);
        r.Add("GenericObject", "SelectListObjectValues", new[] { "qPath", "qValues", "qToggleMode", "qSoftLock" }, success, ctx =>
        {
            var field = ListObjectWriter.FieldOf(ctx.Doc, Def(ctx));
            var values = ctx.Params.IntList("qValues");
            var toggle = ctx.Params.Bool("qToggleMode");
            return DocMethods.Selection(ctx, s => toggle ? s.Toggle(field.Name, values) : s.Set(field.Name, values), "qSuccess");
        });
        r.Add("GenericObject", "SelectListObjectAll", new[] { "qPath", "qSoftLock" }, success, ctx =>
        {
            var field = ListObjectWriter.FieldOf(ctx.Doc, Def(ctx));
            return DocMethods.Selection(ctx, s => s.Set(field.Name, Enumerable.Range(0, field.Cardinal)), "qSuccess");
        });
        r.Add("GenericObject", "SelectListObjectPossible", new[] { "qPath", "qSoftLock" }, success, ctx =>
        {
            var field = ListObjectWriter.FieldOf(ctx.Doc, Def(ctx));
            var states = ctx.Doc.Result;
            var possible = Enumerable.Range(0, field.Cardinal).Where(e => states.State(field, e) is FieldValueState.Option || states.State(field, e).IsSelected()).ToList();
            return DocMethods.Selection(ctx, s => s.Set(field.Name, possible), "qSuccess");
        });
        r.Add("GenericObject", "ClearSelections", new[] { "qPath", "qColIndices" }, Array.Empty<string>(), ClearSelections);
        r.Add("GenericObject", "BeginSelections", new[] { "qPaths" }, Array.Empty<string>(), _ => new JsonObject());
        r.Add("GenericObject", "EndSelections", new[] { "qAccept" }, Array.Empty<string>(), _ => new JsonObject());
    }

    private static JsonObject Def(CallContext ctx) => JsonPointerPath.ResolveObject(ctx.Entity.Properties, ctx.Params.String("qPath"));

    private static JsonObject SelectHyperCubeValues(CallContext ctx)
    {
        var cube = HyperCubeWriter.Compute(ctx.Doc, Def(ctx));
        var dimension = ctx.Params.Int("qDimNo");
        if (dimension < 0 || dimension >= cube.Dimensions.Count)
        {
            throw Protocol.QixRpcException.InvalidParameters("qDimNo");
        }

        var field = cube.Dimensions[dimension].Field;
        var values = ctx.Params.IntList("qValues");
        var toggle = ctx.Params.Bool("qToggleMode");
        return DocMethods.Selection(ctx, s => toggle ? s.Toggle(field.Name, values) : s.Set(field.Name, values), "qSuccess");
    }

    private static JsonObject SelectHyperCubeCells(CallContext ctx)
    {
        var cube = HyperCubeWriter.Compute(ctx.Doc, Def(ctx));
        var rows = ctx.Params.IntList("qRowIndices").Where(r => r >= 0 && r < cube.Rows.Count).ToList();
        var picks = new Dictionary<string, List<int>>();
        foreach (var column in ctx.Params.IntList("qColIndices").Where(c => c >= 0 && c < cube.Dimensions.Count))
        {
            picks[cube.Dimensions[column].Field.Name] = rows.Select(r => cube.Rows[r].Elements[column]).Where(e => e >= 0).Distinct().ToList();
        }

        return DocMethods.Selection(ctx, s => picks.Count > 0 && picks.All(p => s.Set(p.Key, p.Value)), "qSuccess");
    }

    private static JsonObject ClearSelections(CallContext ctx)
    {
        var def = Def(ctx);
        var fields = new List<string>();
        if (def.ContainsKey("qDimensions"))
        {
            var cube = HyperCubeWriter.Compute(ctx.Doc, def);
            var columns = ctx.Params.Has("qColIndices") ? ctx.Params.IntList("qColIndices") : Enumerable.Range(0, cube.Dimensions.Count).ToList();
            fields.AddRange(columns.Where(c => c >= 0 && c < cube.Dimensions.Count).Select(c => cube.Dimensions[c].Field.Name));
        }
        else
        {
            fields.Add(ListObjectWriter.FieldOf(ctx.Doc, def).Name);
        }

        return DocMethods.Selection(ctx, s => fields.All(s.Clear), null);
    }
}
