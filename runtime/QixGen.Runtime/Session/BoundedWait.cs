using System;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.Session;

/// <summary>Waits for a task the session does not control (a transport's close, a loop) no longer than a token allows.</summary>
internal static class BoundedWait
{
    /// <summary>Like <see cref="ForAsync(Task, CancellationToken)"/> for an operation that may also throw before it returns its task.</summary>
    public static Task<bool> ForAsync(Func<ValueTask> start, CancellationToken token)
    {
        Task task;
        try
        {
            task = start().AsTask();
        }
        catch (Exception e)
        {
            task = Task.FromException(e);
        }

        return ForAsync(task, token);
    }

    /// <summary>
    /// Waits for <paramref name="task"/> until <paramref name="token"/> is cancelled. Never throws: the task's own
    /// failure is observed and dropped (the caller is tearing down), also when it comes after the wait gave up.
    /// </summary>
    /// <returns>True if the task finished in time.</returns>
    public static async Task<bool> ForAsync(Task task, CancellationToken token)
    {
        if (!task.IsCompleted)
        {
            var gaveUp = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (token.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(false), gaveUp))
            {
                await Task.WhenAny(task, gaveUp.Task).ConfigureAwait(false);
            }
        }

        if (task.IsCompleted)
        {
            _ = task.Exception;
            return true;
        }

        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return false;
    }
}
