using System;
using System.Linq;
using System.Text.Json.Nodes;
using QixGen.Testing.Expressions;
using QixGen.Testing.Objects;
using QixGen.Testing.Protocol;
using QixGen.Testing.Script;
using QixGen.Testing.Session;

namespace QixGen.Testing.Methods;

/// <summary>Doc: fields, selections, generic objects, script and evaluation.</summary>
internal static class DocMethods
{
    public static void Register(MethodRegistry r)
    {
        var none = Array.Empty<string>();
        r.Add("Doc", "GetAppLayout", none, new[] { "qLayout" }, GetAppLayout);
        r.Add("Doc", "GetAppProperties", none, new[] { "qProp" }, ctx => new JsonObject { ["qProp"] = new JsonObject { ["qTitle"] = ctx.Doc.App.Title } });
        r.Add("Doc", "GetField", new[] { "qFieldName", "qStateName" }, new[] { "qReturn" }, GetField);
        r.Add("Doc", "ClearAll", new[] { "qLockedAlso", "qStateName" }, none, ctx => Selection(ctx, s => { s.ClearAll(ctx.Params.Bool("qLockedAlso")); return true; }, null));
        r.Add("Doc", "LockAll", new[] { "qStateName" }, none, ctx => Selection(ctx, s => { foreach (var f in s.SelectedFields.ToList()) { s.Lock(f); } return true; }, null));
        r.Add("Doc", "UnlockAll", new[] { "qStateName" }, none, ctx => Selection(ctx, s => { foreach (var f in s.SelectedFields.ToList()) { s.Unlock(f); } return true; }, null));
        r.Add("Doc", "Back", none, none, ctx => History(ctx, ctx.Doc.Back()));
        r.Add("Doc", "Forward", none, none, ctx => History(ctx, ctx.Doc.Forward()));
        r.Add("Doc", "CreateObject", new[] { "qProp" }, new[] { "qInfo", "qReturn" }, ctx => Create(ctx, EntityKind.GenericObject, isSession: false));
        r.Add("Doc", "CreateSessionObject", new[] { "qProp" }, new[] { "qReturn" }, ctx => Create(ctx, EntityKind.GenericObject, isSession: true));
        r.Add("Doc", "GetObject", new[] { "qId" }, new[] { "qReturn" }, ctx => new JsonObject { ["qReturn"] = ctx.Return(ctx.Doc.Entity(ctx.Params.String("qId"), EntityKind.GenericObject)) });
        r.Add("Doc", "DestroyObject", new[] { "qId" }, new[] { "qSuccess" }, ctx => Destroy(ctx, EntityKind.GenericObject, ctx.Params.String("qId")));
        r.Add("Doc", "DestroySessionObject", new[] { "qId" }, new[] { "qSuccess" }, ctx => Destroy(ctx, EntityKind.GenericObject, ctx.Params.String("qId")));
        r.Add("Doc", "GetTablesAndKeys", new[] { "qWindowSize", "qNullSize", "qCellHeight", "qSyntheticMode", "qIncludeSysVars", "qIncludeProfiling" }, new[] { "qtr", "qk" }, GetTablesAndKeys);
        r.Add("Doc", "GetAllInfos", none, new[] { "qInfos" }, ctx => new JsonObject { ["qInfos"] = new JsonArray(ctx.Doc.Entities.Values.Select(e => (JsonNode)e.Info()).ToArray()) });
        r.Add("Doc", "GetObjects", new[] { "qOptions" }, new[] { "qList" }, GetObjects);
        r.Add("Doc", "Evaluate", new[] { "qExpression" }, new[] { "qReturn" }, ctx => new JsonObject { ["qReturn"] = ExpressionEvaluator.Text(Evaluate(ctx)) });
        r.Add("Doc", "EvaluateEx", new[] { "qExpression" }, new[] { "qValue" }, EvaluateEx);
        r.Add("Doc", "SetScript", new[] { "qScript" }, none, ctx => { ctx.Doc.Script = ctx.Params.String("qScript"); ctx.Doc.App.SetScript(ctx.Doc.Script); return new JsonObject(); });
        r.Add("Doc", "GetScript", none, new[] { "qScript" }, ctx => new JsonObject { ["qScript"] = ctx.Doc.Script });
        r.Add("Doc", "GetEmptyScript", new[] { "qLocalizedMainSection" }, new[] { "qReturn" }, _ => new JsonObject { ["qReturn"] = "SET ThousandSep=',';\nSET DecimalSep='.';\n" });
        r.Add("Doc", "CheckScriptSyntax", none, new[] { "qErrors" }, CheckScriptSyntax);
        r.Add("Doc", "DoSave", new[] { "qFileName" }, none, _ => new JsonObject());
    }

    /// <summary>Runs a selection change; on change the Doc and its data-dependent objects are reported changed.</summary>
    internal static JsonObject Selection(CallContext ctx, Func<Associative.SelectionState, bool> change, string? returnKey)
    {
        var ok = ctx.Doc.ChangeSelections(change, out var changed);
        if (changed)
        {
            ctx.DataChanged();
        }

        return returnKey is null ? new JsonObject() : new JsonObject { [returnKey] = ok };
    }

    private static JsonObject History(CallContext ctx, bool moved)
    {
        if (moved)
        {
            ctx.DataChanged();
        }

        return new JsonObject();
    }

    private static JsonObject GetAppLayout(CallContext ctx)
    {
        var app = ctx.Doc.App;
        return new JsonObject
        {
            ["qLayout"] = new JsonObject
            {
                ["qTitle"] = app.Title,
                ["qFileName"] = app.Id,
                ["qLastReloadTime"] = app.LastReloadTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                ["qModified"] = false,
                ["qHasScript"] = ctx.Doc.Script.Trim().Length > 0,
                ["qStateNames"] = new JsonArray(),
                ["qMeta"] = new JsonObject(),
                ["qLocaleInfo"] = new JsonObject { ["qDecimalSep"] = ".", ["qThousandSep"] = ",", ["qListSep"] = "," },
                ["qHasData"] = ctx.Doc.Data.Tables.Count > 0,
                ["qReadOnly"] = false,
                ["qIsOpenedWithoutData"] = false,
                ["qIsSessionApp"] = app.IsSessionApp,
                ["qProhibitBinaryLoad"] = false,
                ["qThumbnail"] = new JsonObject(),
                ["qUnsupportedFeatures"] = new JsonArray(),
                ["qUsage"] = "ANALYTICS",
            },
        };
    }

    /// <summary>The data model: tables with their fields, and the keys (fields in more than one table) that associate them.</summary>
    private static JsonObject GetTablesAndKeys(CallContext ctx)
    {
        var model = ctx.Doc.Data;
        var tablesOf = model.Fields.ToDictionary(f => f.Name, f => model.Tables.Where(t => t.Fields.Contains(f)).Select(t => t.Name).ToList());
        var tables = new JsonArray();
        foreach (var table in model.Tables)
        {
            var fields = new JsonArray();
            foreach (var field in table.Fields)
            {
                fields.Add((JsonNode)new JsonObject
                {
                    ["qName"] = field.Name,
                    ["qnRows"] = table.Rows.Count,
                    ["qnTotalDistinctValues"] = field.Cardinal,
                    ["qnPresentDistinctValues"] = field.Cardinal,
                    ["qKeyType"] = tablesOf[field.Name].Count > 1 ? "ANY_KEY" : "NOT_KEY",
                });
            }

            tables.Add((JsonNode)new JsonObject { ["qName"] = table.Name, ["qNoOfRows"] = table.Rows.Count, ["qFields"] = fields });
        }

        var keys = new JsonArray();
        foreach (var pair in tablesOf.Where(p => p.Value.Count > 1))
        {
            keys.Add((JsonNode)new JsonObject
            {
                ["qKeyFields"] = new JsonArray(JsonValue.Create(pair.Key)),
                ["qTables"] = new JsonArray(pair.Value.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            });
        }

        return new JsonObject { ["qtr"] = tables, ["qk"] = keys };
    }

    private static JsonObject GetField(CallContext ctx)
    {
        var field = ctx.Doc.Field(ctx.Params.String("qFieldName"));
        var target = ctx.Session.Handles.ForField(ctx.Doc, field.Name);
        return new JsonObject { ["qReturn"] = new JsonObject { ["qType"] = "Field", ["qHandle"] = target.Handle } };
    }

    /// <summary>Creates a generic object, variable, dimension, measure or bookmark from qProp.</summary>
    internal static JsonObject Create(CallContext ctx, EntityKind kind, bool isSession)
    {
        var properties = (JsonObject)ctx.Params.Object("qProp").DeepClone();
        var info = properties["qInfo"] as JsonObject ?? new JsonObject();
        var id = info["qId"]?.ToString();
        if (string.IsNullOrEmpty(id) || ctx.Doc.Entities.ContainsKey(id!))
        {
            id = Guid.NewGuid().ToString(); // the engine picks another id when the given one is taken
        }

        var type = info["qType"]?.ToString();
        properties["qInfo"] = new JsonObject { ["qId"] = id, ["qType"] = string.IsNullOrEmpty(type) ? kind.DefaultType() : type };
        var entity = new StoredEntity(kind, id!, properties, isSession);
        if (kind == EntityKind.Bookmark)
        {
            entity.BookmarkSelections = ctx.Doc.SelectionTexts();
        }

        ctx.Doc.Entities[entity.Id] = entity;
        ctx.Doc.Persist(entity);
        var result = new JsonObject { ["qReturn"] = ctx.Return(entity) };
        ctx.EntityChanged(entity);
        if (!isSession)
        {
            AppListWriter.ListsChanged(ctx); // session objects are not listed
            result["qInfo"] = entity.Info();
        }

        return result;
    }

    internal static JsonObject Destroy(CallContext ctx, EntityKind kind, string id)
    {
        if (!ctx.Doc.Entities.TryGetValue(id, out var entity) || entity.Kind != kind)
        {
            return new JsonObject { ["qSuccess"] = false };
        }

        if (ctx.Session.Handles.HandleOf(entity) is { } handle)
        {
            ctx.Closed.Add(handle);
            ctx.Session.Handles.Close(handle);
        }

        ctx.Doc.Remove(entity);
        if (!entity.IsSession)
        {
            AppListWriter.ListsChanged(ctx);
        }

        return new JsonObject { ["qSuccess"] = true };
    }

    private static JsonObject GetObjects(CallContext ctx)
    {
        var options = ctx.Params.Object("qOptions");
        var types = (options["qTypes"] as JsonArray)?.Select(t => t?.ToString()).ToList();
        var includeSession = options["qIncludeSessionObjects"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        var list = new JsonArray();
        foreach (var entity in ctx.Doc.Entities.Values.Where(e => e.Kind == EntityKind.GenericObject))
        {
            if ((entity.IsSession && !includeSession) || (types is { Count: > 0 } && !types.Contains(entity.Type)))
            {
                continue;
            }

            list.Add((JsonNode)new JsonObject { ["qInfo"] = entity.Info(), ["qMeta"] = new JsonObject(), ["qData"] = new JsonObject() });
        }

        return new JsonObject { ["qList"] = list };
    }

    private static Data.CellValue? Evaluate(CallContext ctx)
    {
        try
        {
            return LayoutBuilder.Evaluate(ctx.Doc, ctx.Params.String("qExpression"));
        }
        catch (ExpressionException e)
        {
            throw new QixRpcException(LocErrors.GenericInvalidParameters, e.Message, "qExpression");
        }
    }

    private static JsonObject EvaluateEx(CallContext ctx)
    {
        var value = Evaluate(ctx);
        return new JsonObject
        {
            ["qValue"] = new JsonObject
            {
                ["qText"] = ExpressionEvaluator.Text(value),
                ["qIsNumeric"] = value?.IsNumeric ?? false,
                ["qNumber"] = JsonNum.Of(value?.Number ?? double.NaN),
            },
        };
    }

    private static JsonObject CheckScriptSyntax(CallContext ctx)
    {
        ScriptParser.Parse(ctx.Doc.Script, out var error);
        var errors = new JsonArray();
        if (error is not null)
        {
            errors.Add((JsonNode)new JsonObject
            {
                ["qErrLen"] = error.Statement.Split('\n')[0].Length,
                ["qTabIx"] = 0,
                ["qLineInTab"] = error.Line - 1,
                ["qColInLine"] = 0,
                ["qTextPos"] = 0,
            });
        }

        return new JsonObject { ["qErrors"] = errors };
    }
}
