using System;
using System.Linq;
using System.Text.Json.Nodes;
using QixGen.Testing.Data;
using QixGen.Testing.Expressions;
using QixGen.Testing.Protocol;

namespace QixGen.Testing.Objects;

/// <summary>
/// Layouts as the engine makes them: the properties, with every definition replaced by what it computes
/// (qHyperCubeDef → qHyperCube, qListObjectDef → qListObject, qStringExpression → text, qValueExpression → number,
/// qSelectionObjectDef → qSelectionObject, qMetaDef → qMeta) and the kind's computed parts added.
/// </summary>
internal static class LayoutBuilder
{
    public static JsonObject Build(DocInstance doc, StoredEntity entity)
    {
        var layout = (JsonObject)Transform(doc, entity.Properties)!;
        layout["qInfo"] = entity.Info();
        switch (entity.Kind)
        {
            case EntityKind.GenericObject:
                return WithSelectionInfo(layout);
            case EntityKind.Variable:
                return VariableLayout(doc, entity);
            case EntityKind.Dimension:
                layout.Remove("qMeta");
                layout["qMeta"] = new JsonObject();
                layout["qDimInfos"] = new JsonArray((entity.Properties["qDim"]?["qFieldDefs"] as JsonArray ?? new JsonArray())
                    .Select(f => doc.Data.Field(f?.ToString() ?? string.Empty))
                    .Where(f => f is not null)
                    .Select(f => (JsonNode)new JsonObject
                    {
                        ["qApprMaxGlyphCount"] = f!.Values.Count == 0 ? 0 : f.Values.Max(v => v.Text.Length),
                        ["qCardinal"] = f.Cardinal,
                        ["qTags"] = f.AllNumeric ? new JsonArray("$numeric") : new JsonArray("$ascii", "$text"),
                        ["qIsSemantic"] = false,
                        ["qAndMode"] = false,
                    }).ToArray());
                return layout;
            case EntityKind.Bookmark:
                return BookmarkLayout(doc, entity, layout);
            default:
                layout["qMeta"] ??= new JsonObject();
                return layout;
        }
    }

    /// <summary>Evaluates a document-level expression (Doc.Evaluate, variables, qStringExpression).</summary>
    public static CellValue? Evaluate(DocInstance doc, string expression)
    {
        var scope = new AggregationScope(doc.Data, t => doc.Result.RowsOf(t));
        return ExpressionEvaluator.Evaluate(ExpressionParser.Parse(expression), scope);
    }

    private static JsonNode? Transform(DocInstance doc, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    switch (key)
                    {
                        case "qHyperCubeDef" when value is JsonObject def:
                            result["qHyperCube"] = HyperCubeWriter.Layout(doc, def);
                            break;
                        case "qListObjectDef" when value is JsonObject def:
                            result["qListObject"] = ListObjectLayoutOrError(doc, def);
                            break;
                        case "qSelectionObjectDef":
                            result["qSelectionObject"] = SelectionObjectWriter.Layout(doc);
                            break;
                        case var listKey when AppListWriter.LayoutKey(listKey) is { } listLayoutKey && value is JsonObject listDef:
                            result[listLayoutKey] = AppListWriter.Layout(doc, listKey, listDef);
                            break;
                        case "qMetaDef":
                            result["qMeta"] = value?.DeepClone() ?? new JsonObject();
                            break;
                        case "qStringExpression" when value is JsonObject or JsonValue:
                            return JsonValue.Create(EvaluateText(doc, ExpressionText(value)));
                        case "qValueExpression" when value is JsonObject or JsonValue:
                            return JsonNum.Of(EvaluateNumber(doc, ExpressionText(value)));
                        default:
                            result[key] = Transform(doc, value);
                            break;
                    }
                }

                return result;
            case JsonArray array:
                return new JsonArray(array.Select(item => Transform(doc, item)).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static JsonObject ListObjectLayoutOrError(DocInstance doc, JsonObject def)
    {
        try
        {
            return ListObjectWriter.Layout(doc, def);
        }
        catch (QixRpcException e)
        {
            return new JsonObject
            {
                ["qStateName"] = "$",
                ["qSize"] = new JsonObject { ["qcx"] = 0, ["qcy"] = 0 },
                ["qError"] = new JsonObject { ["qErrorCode"] = e.Code, ["qContext"] = e.Parameter },
                ["qDataPages"] = new JsonArray(),
            };
        }
    }

    private static string ExpressionText(JsonNode? value) => value is JsonObject o ? o["qExpr"]?.ToString() ?? string.Empty : value?.ToString() ?? string.Empty;

    private static string EvaluateText(DocInstance doc, string expression)
    {
        try
        {
            return ExpressionEvaluator.Text(Evaluate(doc, expression));
        }
        catch (ExpressionException e)
        {
            return "Error: " + e.Message;
        }
    }

    private static double EvaluateNumber(DocInstance doc, string expression)
    {
        try
        {
            return Evaluate(doc, expression)?.Number ?? double.NaN;
        }
        catch (ExpressionException)
        {
            return double.NaN;
        }
    }

    private static JsonObject WithSelectionInfo(JsonObject layout)
    {
        if (layout.ContainsKey("qSelectionInfo"))
        {
            return layout;
        }

        // The engine puts qSelectionInfo right after qInfo.
        var ordered = new JsonObject();
        foreach (var (key, value) in layout.ToList())
        {
            layout.Remove(key);
            ordered[key] = value;
            if (key == "qInfo")
            {
                ordered["qSelectionInfo"] = new JsonObject();
            }
        }

        return ordered;
    }

    private static JsonObject VariableLayout(DocInstance doc, StoredEntity entity)
    {
        var definition = entity.Properties["qDefinition"]?.ToString() ?? string.Empty;
        CellValue? value;
        if (definition.TrimStart().StartsWith("=", StringComparison.Ordinal))
        {
            try
            {
                value = Evaluate(doc, definition);
            }
            catch (ExpressionException)
            {
                value = null;
            }
        }
        else
        {
            value = CellValue.Parse(definition);
        }

        var layout = new JsonObject
        {
            ["qInfo"] = entity.Info(),
            ["qMeta"] = new JsonObject(),
            ["qText"] = value?.Text ?? string.Empty,
            ["qNum"] = JsonNum.Of(value?.Number ?? double.NaN),
            ["qIsScriptCreated"] = entity.Properties["qIsScriptCreated"]?.GetValue<bool>() ?? false,
        };
        foreach (var (key, item) in entity.Properties)
        {
            if (!layout.ContainsKey(key) && key is not ("qDefinition" or "qMetaDef" or "qIsScriptCreated"))
            {
                layout[key] = item?.DeepClone();
            }
        }

        return layout;
    }

    private static JsonObject BookmarkLayout(DocInstance doc, StoredEntity entity, JsonObject layout)
    {
        var items = new JsonArray();
        var infos = new JsonArray();
        foreach (var (fieldName, values) in entity.BookmarkSelections ?? new System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<string>>())
        {
            items.Add((JsonNode)new JsonObject
            {
                ["qDef"] = new JsonObject { ["qName"] = fieldName, ["qType"] = "PRESENT" },
                ["qSelectInfo"] = new JsonObject { ["qTextSearch"] = string.Empty },
                ["qValues"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject { ["qText"] = v, ["qIsNumeric"] = false, ["qNumber"] = 0 }).ToArray()),
                ["qExcludedValues"] = new JsonArray(),
                ["qAndMode"] = false,
                ["qOneAndOnlyOne"] = false,
            });
            infos.Add((JsonNode)new JsonObject { ["qFieldName"] = fieldName, ["qValuesCount"] = values.Count, ["qExcludedValuesCount"] = 0 });
        }

        layout["qMeta"] ??= new JsonObject();
        layout["qBookmark"] = new JsonObject
        {
            ["qStateData"] = new JsonArray(new JsonObject { ["qStateName"] = "$", ["qFieldItems"] = items }),
            ["qUtcModifyTime"] = 0,
            ["qVariableItems"] = new JsonArray(),
        };
        layout["qFieldInfos"] = infos;
        _ = doc;
        return layout;
    }
}
