using System.Text.Json.Nodes;
using QixGen.Testing.Objects;
using QixGen.Testing.Protocol;
using QixGen.Testing.Session;

namespace QixGen.Testing.Methods;

/// <summary>The methods every generic entity shares: layout, properties, patches, info.</summary>
internal static class PropertyMethods
{
    public static void Register(MethodRegistry r, string service)
    {
        r.Add(service, "GetLayout", System.Array.Empty<string>(), new[] { "qLayout" }, ctx => new JsonObject { ["qLayout"] = LayoutBuilder.Build(ctx.Doc, ctx.Entity) });
        r.Add(service, "GetProperties", System.Array.Empty<string>(), new[] { "qProp" }, ctx => new JsonObject { ["qProp"] = Properties(ctx.Entity) });
        r.Add(service, "SetProperties", new[] { "qProp" }, System.Array.Empty<string>(), SetProperties);
        r.Add(service, "GetInfo", System.Array.Empty<string>(), new[] { "qInfo" }, ctx => new JsonObject { ["qInfo"] = ctx.Entity.Info() });
        var patchParams = service == "GenericObject" ? new[] { "qPatches", "qSoftPatch" } : new[] { "qPatches" };
        r.Add(service, "ApplyPatches", patchParams, System.Array.Empty<string>(), ApplyPatches);
    }

    public static JsonObject Properties(StoredEntity entity)
    {
        var properties = (JsonObject)entity.Properties.DeepClone();
        properties["qInfo"] = entity.Info();
        return properties;
    }

    private static JsonObject SetProperties(CallContext ctx)
    {
        var entity = ctx.Entity;
        var properties = (JsonObject)ctx.Params.Object("qProp").DeepClone();
        properties["qInfo"] = entity.Info(); // the id never changes
        entity.Properties = properties;
        ctx.Doc.Persist(entity);
        ctx.EntityChanged(entity);
        return new JsonObject();
    }

    private static JsonObject ApplyPatches(CallContext ctx)
    {
        var entity = ctx.Entity;
        var patched = (JsonObject)entity.Properties.DeepClone();
        foreach (var patch in ctx.Params.Array("qPatches"))
        {
            var op = patch?["qOp"]?.ToString() ?? throw QixRpcException.InvalidParameters("qOp");
            var path = patch["qPath"]?.ToString() ?? throw QixRpcException.InvalidParameters("qPath");
            JsonPointerPath.Apply(patched, op, path, patch["qValue"]?.ToString());
        }

        patched["qInfo"] = entity.Info();
        entity.Properties = patched;
        if (!ctx.Params.Bool("qSoftPatch"))
        {
            ctx.Doc.Persist(entity);
        }

        ctx.EntityChanged(entity);
        return new JsonObject();
    }
}
