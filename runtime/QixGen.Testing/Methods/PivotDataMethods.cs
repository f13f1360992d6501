using System.Text.Json.Nodes;
using QixGen.Testing.Objects;
using QixGen.Testing.Protocol;
using QixGen.Testing.Session;

namespace QixGen.Testing.Methods;

/// <summary>GenericObject: the data pages of pivot (GetHyperCubePivotData) and stacked (GetHyperCubeStackData) hypercubes.</summary>
internal static class PivotDataMethods
{
    public static void Register(MethodRegistry r)
    {
        r.Add("GenericObject", "GetHyperCubePivotData", new[] { "qPath", "qPages" }, new[] { "qDataPages" }, GetHyperCubePivotData);
        r.Add("GenericObject", "GetHyperCubeStackData", new[] { "qPath", "qPages", "qMaxNbrCells" }, new[] { "qDataPages" }, GetHyperCubeStackData);
    }

    private static JsonObject GetHyperCubePivotData(CallContext ctx)
    {
        var cube = HyperCubeCache.Compute(ctx.Doc, Definition(ctx));
        HyperCubeModes.Require(cube, HyperCubeModes.Pivot, "GetHyperCubePivotData");
        var pivot = PivotCube.Of(cube);
        var pages = ctx.Params.Array("qPages");
        PageLimit.Check(pages, pivot.Columns, pivot.Rows); // the data cells, as for straight pages
        var result = new JsonArray();
        foreach (var page in pages)
        {
            result.Add((JsonNode)PivotPageWriter.Page(pivot, page as JsonObject ?? new JsonObject()));
        }

        return new JsonObject { ["qDataPages"] = result };
    }

    private static JsonObject GetHyperCubeStackData(CallContext ctx)
    {
        var cube = HyperCubeCache.Compute(ctx.Doc, Definition(ctx));
        HyperCubeModes.Require(cube, HyperCubeModes.Stacked, "GetHyperCubeStackData");
        var stack = StackPageWriter.Of(cube);
        var pages = ctx.Params.Array("qPages");
        var outerLimit = ctx.Params.Int("qMaxNbrCells", PageLimit.MaxCells);
        if (outerLimit <= 0 || outerLimit > PageLimit.MaxCells)
        {
            outerLimit = PageLimit.MaxCells;
        }

        PageLimit.Check(pages, 1, stack.OuterCount, outerLimit); // qMaxNbrCells: cells at the outer level
        var result = new JsonArray();
        foreach (var page in pages)
        {
            result.Add((JsonNode)stack.Page(page as JsonObject ?? new JsonObject()));
        }

        return new JsonObject { ["qDataPages"] = result };
    }

    private static JsonObject Definition(CallContext ctx) => JsonPointerPath.ResolveObject(ctx.Entity.Properties, ctx.Params.String("qPath"));
}
