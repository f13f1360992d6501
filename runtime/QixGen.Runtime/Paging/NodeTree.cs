using System.Collections.Generic;
using System.Text.Json;
using QixGen.Raw;

namespace QixGen.Paging;

/// <summary>
/// Flattens the node trees of pivot and stacked pages (<c>qLeft</c>, <c>qTop</c>, <c>qData</c>: cells with
/// <c>qSubNodes</c>) into their leaf paths, outermost cell first. Root cells (<c>qType</c> R) are structure, not values,
/// and are left out of the paths.
/// </summary>
internal static class NodeTree
{
    /// <summary>One path per leaf, in page order; empty when <paramref name="nodes"/> is not an array.</summary>
    public static List<IReadOnlyList<QixCell>> LeafPaths(JsonElement nodes)
    {
        var paths = new List<IReadOnlyList<QixCell>>();
        if (nodes.ValueKind == JsonValueKind.Array)
        {
            Walk(nodes, new List<QixCell>(), paths);
        }

        return paths;
    }

    private static void Walk(JsonElement nodes, List<QixCell> path, List<IReadOnlyList<QixCell>> paths)
    {
        foreach (var node in nodes.EnumerateArray())
        {
            if (node.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var isRoot = JsonRead.String(node, "qType") == "R";
            if (!isRoot)
            {
                path.Add(new QixCell(node));
            }

            var children = JsonRead.Array(node, "qSubNodes");
            if (children.ValueKind == JsonValueKind.Array && children.GetArrayLength() > 0)
            {
                Walk(children, path, paths);
            }
            else if (path.Count > 0)
            {
                paths.Add(path.ToArray());
            }

            if (!isRoot)
            {
                path.RemoveAt(path.Count - 1);
            }
        }
    }
}
