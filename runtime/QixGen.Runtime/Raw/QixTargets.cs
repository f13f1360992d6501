using System;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Objects;

namespace QixGen.Raw;

/// <summary>Argument checks and session-object lifetime shared by the helpers.</summary>
internal static class QixTargets
{
    /// <summary>Throws unless <paramref name="doc"/> is an app (<c>qType</c> Doc).</summary>
    public static void RequireDoc(QixObject doc, string parameterName)
    {
        if (doc is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        if (!string.Equals(doc.Type, "Doc", StringComparison.Ordinal))
        {
            throw new ArgumentException($"This helper works on an app (a Doc proxy, from OpenDoc); {doc} is a {doc.Type}.", parameterName);
        }
    }

    /// <summary>
    /// Destroys a session object the helpers created. Best effort: when the session is already closed the engine
    /// dropped the object with it, so a failure here loses nothing.
    /// </summary>
    public static async Task DestroySessionObjectAsync(QixObject doc, QixObject sessionObject)
    {
        if (sessionObject.GenericId is not { } id || doc.IsClosed || sessionObject.IsClosed)
        {
            return;
        }

        // Bounded: cleanup must not hang a caller that is leaving (dispose, a finished enumeration).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await QixRawCall.InvokeAsync(doc, "DestroySessionObject", w => w.WriteStringValue(id), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Errors.QixException || e is OperationCanceledException)
        {
        }
    }
}
