using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using QixGen.Testing.Data;
using QixGen.Testing.Objects;
using QixGen.Testing.Protocol;
using QixGen.Testing.Session;

namespace QixGen.Testing.Methods;

/// <summary>Global: opening apps, versions, progress and cancellation.</summary>
internal static class GlobalMethods
{
    public const string EngineVersion = "12.2528.0";

    public static void Register(MethodRegistry r)
    {
        r.Add("Global", "OpenDoc", new[] { "qDocName", "qUserName", "qPassword", "qSerial", "qNoData" }, new[] { "qReturn" }, OpenDoc);
        r.Add("Global", "CreateSessionApp", Array.Empty<string>(), new[] { "qSessionAppId", "qReturn" }, CreateSessionApp);
        r.Add("Global", "GetActiveDoc", Array.Empty<string>(), new[] { "qReturn" }, ctx => new JsonObject { ["qReturn"] = DocReturn(ctx, ctx.Doc) });
        r.Add("Global", "GetDocList", Array.Empty<string>(), new[] { "qDocList" }, GetDocList);
        r.Add("Global", "EngineVersion", Array.Empty<string>(), new[] { "qVersion" }, _ => new JsonObject { ["qVersion"] = new JsonObject { ["qComponentVersion"] = EngineVersion } });
        r.Add("Global", "ProductVersion", Array.Empty<string>(), new[] { "qReturn" }, _ => new JsonObject { ["qReturn"] = EngineVersion });
        r.Add("Global", "IsDesktopMode", Array.Empty<string>(), new[] { "qReturn" }, _ => new JsonObject { ["qReturn"] = false });
        r.Add("Global", "GetAuthenticatedUser", Array.Empty<string>(), new[] { "qReturn" }, _ => new JsonObject { ["qReturn"] = "UserDirectory=QIXGEN; UserId=simulator" });
        r.Add("Global", "OSName", Array.Empty<string>(), new[] { "qReturn" }, _ => new JsonObject { ["qReturn"] = "linux" });
        r.Add("Global", "QTProduct", Array.Empty<string>(), new[] { "qReturn" }, _ => new JsonObject { ["qReturn"] = "QixGen simulator" });
        r.Add("Global", "GetUniqueID", Array.Empty<string>(), new[] { "qUniqueID" }, _ => new JsonObject { ["qUniqueID"] = Guid.NewGuid().ToString() });
        r.AddConcurrent("Global", "CancelRequest", new[] { "qRequestId" }, Array.Empty<string>(), CancelRequest);
        r.AddConcurrent("Global", "GetProgress", new[] { "qRequestId" }, new[] { "qProgressData" }, GetProgress);
        r.AddConcurrent("Global", "CancelReload", new[] { "qReason" }, Array.Empty<string>(), CancelReload);
    }

    private static JsonObject OpenDoc(CallContext ctx)
    {
        var name = ctx.Params.String("qDocName");
        if (ctx.Session.Doc is not null)
        {
            throw new QixRpcException(LocErrors.AppAlreadyOpen, "App already open", name);
        }

        var app = ctx.Session.Host.FindApp(name) ?? throw new QixRpcException(LocErrors.AppNotFound, "App not found", name);
        var doc = new DocInstance(app);
        if (ctx.Params.Bool("qNoData"))
        {
            doc.ReplaceData(DataModel.Empty); // qNoData: script and objects, no data
        }

        ctx.Session.Doc = doc;
        return new JsonObject { ["qReturn"] = DocReturn(ctx, doc, app.Id) };
    }

    private static JsonObject CreateSessionApp(CallContext ctx)
    {
        if (ctx.Session.Doc is not null)
        {
            throw new QixRpcException(LocErrors.AppAlreadyOpen, "App already open");
        }

        var id = "SessionApp_" + Guid.NewGuid();
        var app = new QixApp(id, id, DataModel.Empty, string.Empty, ctx.Session.Host.Options.DataDirectory, isSessionApp: true);
        var doc = new DocInstance(app);
        ctx.Session.Doc = doc;
        // Key order as the engine answers: qReturn, then qSessionAppId.
        return new JsonObject { ["qReturn"] = DocReturn(ctx, doc), ["qSessionAppId"] = id };
    }

    private static JsonObject DocReturn(CallContext ctx, DocInstance doc, string? genericId = null)
    {
        var target = ctx.Session.Handles.ForDoc(doc);
        ctx.Changed.Add(target.Handle);
        var result = new JsonObject { ["qType"] = "Doc", ["qHandle"] = target.Handle };
        if (genericId is not null)
        {
            result["qGenericId"] = genericId;
        }

        return result;
    }

    private static JsonObject GetDocList(CallContext ctx)
    {
        var list = new JsonArray();
        foreach (var app in ctx.Session.Host.ListedApps)
        {
            list.Add((JsonNode)new JsonObject
            {
                ["qDocName"] = app.Title,
                ["qConnectedUsers"] = 0,
                ["qFileTime"] = 0,
                ["qFileSize"] = 0,
                ["qDocId"] = app.Id,
                ["qMeta"] = new JsonObject(),
                ["qLastReloadTime"] = app.LastReloadTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                ["qReadOnly"] = false,
                ["qTitle"] = app.Title,
                ["qThumbnail"] = new JsonObject(),
            });
        }

        return new JsonObject { ["qDocList"] = list };
    }

    private static Task<JsonObject> CancelRequest(CallContext ctx)
    {
        ctx.Session.Cancel(ctx.Params.Int("qRequestId"));
        return Task.FromResult(new JsonObject());
    }

    private static Task<JsonObject> GetProgress(CallContext ctx)
    {
        var progress = ctx.Session.FindProgress(ctx.Params.Int("qRequestId"));
        return Task.FromResult(new JsonObject { ["qProgressData"] = progress?.Read() ?? ReloadProgress.Idle() });
    }

    private static Task<JsonObject> CancelReload(CallContext ctx)
    {
        if (ctx.Session.CurrentReload is { } reload)
        {
            ctx.Session.ReloadCancelledByUser = true;
            reload.Source.Cancel();
        }

        return Task.FromResult(new JsonObject());
    }
}
