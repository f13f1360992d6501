using System.Globalization;
using System.Text.Json.Nodes;
using QixGen.Testing.Objects;
using QixGen.Testing.Protocol;
using QixGen.Testing.Session;

namespace QixGen.Testing.Methods;

/// <summary>Variables, master dimensions, master measures and bookmarks: on Doc and on their own handles.</summary>
internal static class LibraryEntityMethods
{
    public static void Register(MethodRegistry r)
    {
        var prop = new[] { "qProp" };
        var id = new[] { "qId" };
        var created = new[] { "qInfo", "qReturn" };
        var qReturn = new[] { "qReturn" };
        var success = new[] { "qSuccess" };

        r.Add("Doc", "CreateVariableEx", prop, created, ctx => CreateVariable(ctx, isSession: false));
        r.Add("Doc", "CreateSessionVariable", prop, qReturn, ctx => CreateVariable(ctx, isSession: true));
        r.Add("Doc", "GetVariableByName", new[] { "qName" }, qReturn, ctx =>
            new JsonObject { ["qReturn"] = ctx.Return(ctx.Doc.VariableByName(ctx.Params.String("qName")) ?? throw QixRpcException.NotFound(ctx.Params.String("qName"))) });
        r.Add("Doc", "GetVariableById", id, qReturn, ctx => Get(ctx, EntityKind.Variable));
        r.Add("Doc", "DestroyVariableById", id, success, ctx => DocMethods.Destroy(ctx, EntityKind.Variable, ctx.Params.String("qId")));
        r.Add("Doc", "DestroyVariableByName", new[] { "qName" }, success, ctx =>
            ctx.Doc.VariableByName(ctx.Params.String("qName")) is { } variable
                ? DocMethods.Destroy(ctx, EntityKind.Variable, variable.Id)
                : new JsonObject { ["qSuccess"] = false });

        r.Add("Doc", "CreateDimension", prop, created, ctx => DocMethods.Create(ctx, EntityKind.Dimension, isSession: false));
        r.Add("Doc", "GetDimension", id, qReturn, ctx => Get(ctx, EntityKind.Dimension));
        r.Add("Doc", "DestroyDimension", id, success, ctx => DocMethods.Destroy(ctx, EntityKind.Dimension, ctx.Params.String("qId")));
        r.Add("Doc", "CreateMeasure", prop, created, ctx => DocMethods.Create(ctx, EntityKind.Measure, isSession: false));
        r.Add("Doc", "GetMeasure", id, qReturn, ctx => Get(ctx, EntityKind.Measure));
        r.Add("Doc", "DestroyMeasure", id, success, ctx => DocMethods.Destroy(ctx, EntityKind.Measure, ctx.Params.String("qId")));
        r.Add("Doc", "CreateBookmark", prop, created, ctx => DocMethods.Create(ctx, EntityKind.Bookmark, isSession: false));
        r.Add("Doc", "GetBookmark", id, qReturn, ctx => Get(ctx, EntityKind.Bookmark));
        r.Add("Doc", "DestroyBookmark", id, success, ctx => DocMethods.Destroy(ctx, EntityKind.Bookmark, ctx.Params.String("qId")));
        r.Add("Doc", "ApplyBookmark", id, success, ctx => ApplyBookmark(ctx, ctx.Doc.Entity(ctx.Params.String("qId"), EntityKind.Bookmark)));

        foreach (var service in new[] { "GenericVariable", "GenericDimension", "GenericMeasure", "GenericBookmark" })
        {
            PropertyMethods.Register(r, service);
        }

        r.Add("GenericVariable", "SetStringValue", new[] { "qVal" }, System.Array.Empty<string>(), ctx => SetDefinition(ctx, ctx.Params.Str("qVal") ?? string.Empty));
        r.Add("GenericVariable", "SetNumValue", new[] { "qVal" }, System.Array.Empty<string>(), ctx => SetDefinition(ctx, ctx.Params.Double("qVal").ToString("R", CultureInfo.InvariantCulture)));
        r.Add("GenericBookmark", "Apply", System.Array.Empty<string>(), success, ctx => ApplyBookmark(ctx, ctx.Entity));
    }

    private static JsonObject Get(CallContext ctx, EntityKind kind) =>
        new JsonObject { ["qReturn"] = ctx.Return(ctx.Doc.Entity(ctx.Params.String("qId"), kind)) };

    private static JsonObject CreateVariable(CallContext ctx, bool isSession)
    {
        var name = ctx.Params.Object("qProp")["qName"]?.ToString();
        if (string.IsNullOrEmpty(name))
        {
            throw new QixRpcException(18000, "Variable must have a name", "qName");
        }

        if (ctx.Doc.VariableByName(name!) is not null)
        {
            throw new QixRpcException(LocErrors.VariableDuplicateName, "Variable already exists", name!);
        }

        return DocMethods.Create(ctx, EntityKind.Variable, isSession);
    }

    private static JsonObject SetDefinition(CallContext ctx, string definition)
    {
        ctx.Entity.Properties["qDefinition"] = definition;
        ctx.Doc.Persist(ctx.Entity);
        ctx.EntityChanged(ctx.Entity);
        return new JsonObject();
    }

    private static JsonObject ApplyBookmark(CallContext ctx, StoredEntity bookmark)
    {
        var texts = bookmark.BookmarkSelections ?? new System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<string>>();
        return DocMethods.Selection(ctx, s =>
        {
            s.ClearAll(lockedAlso: false);
            foreach (var (fieldName, values) in texts)
            {
                if (ctx.Doc.Data.Field(fieldName) is { } field)
                {
                    var elements = new System.Collections.Generic.List<int>();
                    for (var e = 0; e < field.Cardinal; e++)
                    {
                        if (values.Contains(field.Values[e].Text))
                        {
                            elements.Add(e);
                        }
                    }

                    s.Set(fieldName, elements);
                }
            }

            return true;
        }, "qSuccess");
    }
}
