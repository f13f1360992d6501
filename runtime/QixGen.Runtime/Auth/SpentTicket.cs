using System;
using System.Linq;

namespace QixGen.Auth;

/// <summary>
/// A Qlik proxy ticket (<c>qlikTicket</c> in the URL) is valid for one upgrade: the proxy answers it with a session
/// cookie. A reconnect must use the cookie and leave the spent ticket out, or the proxy refuses it (401).
/// </summary>
internal static class SpentTicket
{
    public const string ParameterName = "qlikTicket";

    /// <summary><paramref name="url"/> without any <c>qlikTicket</c> query parameter (name compared ignoring case).</summary>
    public static Uri Remove(Uri url)
    {
        var query = url.Query;
        if (query.Length <= 1)
        {
            return url;
        }

        var kept = query.Substring(1).Split('&')
            .Where(pair => !string.Equals(Uri.UnescapeDataString(pair.Split('=')[0]), ParameterName, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        return new UriBuilder(url) { Query = string.Join("&", kept) }.Uri;
    }
}
