using System;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;

namespace QixGen.Interceptors;

/// <summary>
/// Retries a call the engine aborted (error 15, LOCERR_GENERIC_ABORTED: typically a selection or reload on
/// another connection invalidated it) with exponential backoff.
/// </summary>
public sealed class RetryAbortedInterceptor : IQixInterceptor
{
    /// <summary>The engine's "request aborted" code.</summary>
    public const int AbortedCode = 15;

    /// <summary>Creates the interceptor.</summary>
    /// <param name="maxRetries">How many times to retry (default 3).</param>
    /// <param name="initialDelay">The first delay (default 50 ms); doubled each time.</param>
    public RetryAbortedInterceptor(int maxRetries = 3, TimeSpan? initialDelay = null)
    {
        MaxRetries = maxRetries < 0 ? throw new ArgumentOutOfRangeException(nameof(maxRetries)) : maxRetries;
        InitialDelay = initialDelay ?? TimeSpan.FromMilliseconds(50);
    }

    /// <summary>How many times to retry.</summary>
    public int MaxRetries { get; }

    /// <summary>The first delay.</summary>
    public TimeSpan InitialDelay { get; }

    /// <inheritdoc />
    public async Task<QixRawResponse> InterceptAsync(QixCall call, QixCallHandler next, CancellationToken cancellationToken)
    {
        var delay = InitialDelay;
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await next(call, cancellationToken).ConfigureAwait(false);
            }
            catch (QixEngineException e) when (e.Code == AbortedCode && retry < MaxRetries)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(delay.Ticks * 2);
            }
        }
    }
}
