using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Testing.Data;
using QixGen.Testing.Objects;
using QixGen.Testing.Protocol;
using QixGen.Testing.Script;
using QixGen.Testing.Session;

namespace QixGen.Testing.Methods;

/// <summary>
/// Doc.DoReload and DoReloadEx: run the script beside other calls, paced by the options' per-row delay so
/// GetProgress can watch it, cancellable by CancelRequest (error 15) or CancelReload (qReturn false).
/// </summary>
internal static class ReloadMethods
{
    private static readonly TimeSpan s_slice = TimeSpan.FromMilliseconds(20);

    public static void Register(MethodRegistry r)
    {
        r.AddConcurrent("Doc", "DoReload", new[] { "qMode", "qPartial", "qDebug" }, new[] { "qReturn" }, async ctx =>
            new JsonObject { ["qReturn"] = await ReloadAsync(ctx).ConfigureAwait(false) });
        r.AddConcurrent("Doc", "DoReloadEx", new[] { "qParams" }, new[] { "qResult" }, async ctx =>
        {
            var success = await ReloadAsync(ctx).ConfigureAwait(false);
            return new JsonObject
            {
                ["qResult"] = new JsonObject { ["qSuccess"] = success, ["qScriptLogFile"] = string.Empty, ["qEndedWithMemoryConstraint"] = false },
            };
        });
    }

    private static async Task<bool> ReloadAsync(CallContext ctx)
    {
        var session = ctx.Session;
        DocInstance doc;
        string script;
        await session.StateLock.WaitAsync(ctx.Cancellation).ConfigureAwait(false);
        try
        {
            doc = ctx.Doc;
            script = doc.Script;
            if (session.CurrentReload is not null)
            {
                throw new QixRpcException(LocErrors.ReloadInProgress, "Reload in progress");
            }

            session.CurrentReload = (CancellationTokenSource.CreateLinkedTokenSource(ctx.Cancellation), ctx.Request.NumericId);
            session.ReloadCancelledByUser = false;
        }
        finally
        {
            session.StateLock.Release();
        }

        var reload = session.CurrentReload!.Value.Source;
        var progress = session.StartProgress(ctx.Request.NumericId);
        try
        {
            progress.Persistent("Started loading data");
            var statements = ScriptParser.Parse(script, out var parseError);
            if (parseError is not null)
            {
                progress.Fail(parseError);
                progress.Finish("Data has not been loaded. Please correct the error and try loading again.");
                return false;
            }

            var options = session.Host.Options;
            var random = options.RandomSeed is { } seed ? new Random(seed) : new Random();
            var loader = new ScriptLoader(doc.App.DataDirectory ?? options.DataDirectory, random);
            var tables = new List<RawTable>();
            var variables = new List<(string Name, string Value)>();
            foreach (var statement in statements)
            {
                var result = loader.Execute(statement);
                if (result.Error is not null)
                {
                    progress.Fail(result.Error);
                    progress.Finish("Data has not been loaded. Please correct the error and try loading again.");
                    return false;
                }

                if (result.VariableName is not null)
                {
                    variables.Add((result.VariableName, result.VariableValue ?? string.Empty));
                    continue;
                }

                progress.Persistent(statement.ProgressText);
                await PaceAsync(result.Table!.Rows.Count, options.ReloadDelayPerRow, progress, reload.Token).ConfigureAwait(false);
                progress.Persistent($"Lines fetched: {result.Table.Rows.Count.ToString(CultureInfo.InvariantCulture)}");
                tables.Add(result.Table);
            }

            var model = DataModel.Build(tables);
            await session.StateLock.WaitAsync(ctx.Cancellation).ConfigureAwait(false);
            try
            {
                doc.ReplaceData(model);
                foreach (var (name, value) in variables)
                {
                    SetScriptVariable(doc, name, value);
                }

                doc.App.CommitReload(model);
                ctx.DataChanged(includeDoc: false);
            }
            finally
            {
                session.StateLock.Release();
            }

            progress.Finish("Finished successfully");
            return true;
        }
        catch (OperationCanceledException) when (session.ReloadCancelledByUser && !ctx.Cancellation.IsCancellationRequested)
        {
            progress.Finish("Reload aborted");
            return false;
        }
        catch (OperationCanceledException)
        {
            progress.Finish("Request aborted");
            throw;
        }
        finally
        {
            session.CurrentReload = null;
            reload.Dispose();
        }
    }

    /// <summary>Waits rows × delay in slices, reporting "Lines fetched" as the engine's transient progress does.</summary>
    private static async Task PaceAsync(int rows, TimeSpan perRow, ReloadProgress progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (perRow <= TimeSpan.Zero || rows == 0)
        {
            return;
        }

        var total = TimeSpan.FromTicks(perRow.Ticks * rows);
        var waited = TimeSpan.Zero;
        while (waited < total)
        {
            var slice = total - waited < s_slice ? total - waited : s_slice;
            await Task.Delay(slice, cancellationToken).ConfigureAwait(false);
            waited += slice;
            var fetched = (int)Math.Min(rows, waited.Ticks / perRow.Ticks);
            progress.Transient($"Lines fetched: {fetched.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static void SetScriptVariable(DocInstance doc, string name, string value)
    {
        var existing = doc.VariableByName(name);
        if (existing is not null)
        {
            existing.Properties["qDefinition"] = value;
            return;
        }

        var id = Guid.NewGuid().ToString();
        var properties = new JsonObject
        {
            ["qInfo"] = new JsonObject { ["qId"] = id, ["qType"] = "variable" },
            ["qName"] = name,
            ["qDefinition"] = value,
            ["qIsScriptCreated"] = true,
        };
        doc.Entities[id] = new StoredEntity(EntityKind.Variable, id, properties, isSession: true);
    }
}
