using System;
using System.Text.Json.Nodes;
using QixGen.Testing.Protocol;

namespace QixGen.Testing.Objects;

/// <summary>
/// The hypercube modes the simulator pages: straight (S), pivot (P, <see cref="PivotCube"/>) and stacked (K,
/// <see cref="StackPageWriter"/>). Definitions may name a mode by its letter or its long name (the Qlik documentation's
/// examples use EQ_DATA_MODE_PIVOT); layouts report the letter.
/// </summary>
internal static class HyperCubeModes
{
    public const string Straight = "S";
    public const string Pivot = "P";
    public const string Stacked = "K";

    /// <summary>The mode letter of a definition's qMode (S when absent); other modes (T, D) are passed through.</summary>
    public static string Of(JsonObject def)
    {
        var mode = def["qMode"]?.ToString();
        if (string.IsNullOrEmpty(mode))
        {
            return Straight;
        }

        if (mode!.EndsWith("PIVOT_STACK", StringComparison.Ordinal) || mode == Stacked)
        {
            return Stacked;
        }

        if (mode.EndsWith("MODE_PIVOT", StringComparison.Ordinal) || mode == Pivot)
        {
            return Pivot;
        }

        return mode.EndsWith("MODE_STRAIGHT", StringComparison.Ordinal) ? Straight : mode;
    }

    /// <summary>Rewrites a straight layout for a pivot or stacked cube: its size, left dimension count and initial pages.</summary>
    public static void ApplyToLayout(HyperCube cube, JsonObject layout)
    {
        var mode = Of(cube.Def);
        layout["qMode"] = mode;
        var initial = cube.Def["qInitialDataFetch"] as JsonArray ?? new JsonArray();
        if (mode == Pivot)
        {
            var pivot = PivotCube.Of(cube);
            layout["qSize"] = new JsonObject { ["qcx"] = pivot.Columns, ["qcy"] = pivot.Rows };
            layout["qNoOfLeftDims"] = pivot.LeftDimensions;
            layout["qDataPages"] = new JsonArray();
            var pages = new JsonArray();
            foreach (var page in initial)
            {
                pages.Add((JsonNode)PivotPageWriter.Page(pivot, page as JsonObject ?? new JsonObject()));
            }

            layout["qPivotDataPages"] = pages;
        }
        else if (mode == Stacked)
        {
            var stack = StackPageWriter.Of(cube);
            layout["qSize"] = new JsonObject { ["qcx"] = stack.Width, ["qcy"] = stack.OuterCount };
            layout["qDataPages"] = new JsonArray();
            var pages = new JsonArray();
            foreach (var page in initial)
            {
                pages.Add((JsonNode)stack.Page(page as JsonObject ?? new JsonObject()));
            }

            layout["qStackedDataPages"] = pages;
        }
    }

    /// <summary>Throws the engine's invalid-parameters error unless the cube is in <paramref name="mode"/>.</summary>
    public static void Require(HyperCube cube, string mode, string method)
    {
        if (Of(cube.Def) != mode)
        {
            throw new QixRpcException(LocErrors.GenericInvalidParameters, "Invalid parameters", $"{method} needs a hypercube in mode {mode}, this one is in mode {Of(cube.Def)}");
        }
    }
}
