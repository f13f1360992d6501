using System;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Session;

/// <summary>Observes a long call (DoReload, DoSave) by polling Global.GetProgress beside it.</summary>
public static class QixProgress
{
    /// <summary>
    /// Starts <paramref name="start"/>, then polls <paramref name="poll"/> with the call's request id every
    /// <paramref name="interval"/> and reports each answer, until the call completes; then polls once more.
    /// </summary>
    /// <typeparam name="TResult">The call's result.</typeparam>
    /// <typeparam name="TProgress">The progress type (the generated ProgressData).</typeparam>
    /// <param name="start">Starts the call, e.g. <c>() =&gt; doc.DoReloadAsync()</c>.</param>
    /// <param name="poll">Asks for progress, e.g. <c>(id, ct) =&gt; global.GetProgressAsync(id, ct)</c>.</param>
    /// <param name="progress">Receives each progress answer.</param>
    /// <param name="interval">The polling interval.</param>
    /// <param name="cancellationToken">Stops polling (the call itself is not cancelled by it).</param>
    /// <returns>The call's result.</returns>
    public static async Task<TResult> RunAsync<TResult, TProgress>(
        Func<Task<TResult>> start,
        Func<int, CancellationToken, Task<TProgress>> poll,
        IProgress<TProgress> progress,
        TimeSpan interval,
        CancellationToken cancellationToken = default)
    {
        Task<TResult> call;
        int requestId;
        using (var capture = QixRequestCapture.Begin())
        {
            call = start();
            requestId = capture.FirstRequestId;
        }

        while (!call.IsCompleted)
        {
            var delay = Task.Delay(interval, cancellationToken);
            if (await Task.WhenAny(call, delay).ConfigureAwait(false) == call || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            progress.Report(await poll(requestId, cancellationToken).ConfigureAwait(false));
        }

        var result = await call.ConfigureAwait(false);
        if (!cancellationToken.IsCancellationRequested)
        {
            progress.Report(await poll(requestId, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }
}
