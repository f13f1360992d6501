using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace QixGen.Auth;

/// <summary>
/// Builds a Qlik Sense engine WebSocket URL the way enigma.js's <c>SenseUtilities.buildUrl</c> does, so URLs
/// that work there work here: <c>wss://host:port/prefix/subpath/app/ID/identity/ID/ttl/N?params</c>.
/// </summary>
public sealed class QixUrlBuilder
{
    /// <summary>The host (default <c>localhost</c>).</summary>
    public string? Host { get; set; }

    /// <summary>The port; omitted from the URL when null.</summary>
    public int? Port { get; set; }

    /// <summary>Use wss (default true).</summary>
    public bool Secure { get; set; } = true;

    /// <summary>The virtual proxy prefix (e.g. <c>/header/</c>); surrounding slashes are trimmed.</summary>
    public string? Prefix { get; set; }

    /// <summary>A subpath after the prefix.</summary>
    public string? Subpath { get; set; }

    /// <summary>A route that replaces <c>app/ID</c>; default <c>app/engineData</c> when there is no app id.</summary>
    public string? Route { get; set; }

    /// <summary>The app id; URL-encoded into <c>/app/ID</c>.</summary>
    public string? AppId { get; set; }

    /// <summary>An identity to separate sessions of the same user (<c>/identity/ID</c>).</summary>
    public string? Identity { get; set; }

    /// <summary>Seconds the engine keeps the session after the socket drops (<c>/ttl/N</c>), enabling reattach.</summary>
    public int? Ttl { get; set; }

    /// <summary>Extra query parameters (e.g. <c>qlikTicket</c>, <c>reloadUri</c>), in insertion order.</summary>
    public IList<KeyValuePair<string, string>> UrlParams { get; } = new List<KeyValuePair<string, string>>();

    /// <summary>Builds the URL.</summary>
    /// <returns>The WebSocket URL.</returns>
    public Uri Build() => new Uri(BuildString());

    /// <summary>Builds the URL as text (exactly enigma.js's output for the same configuration).</summary>
    /// <returns>The URL.</returns>
    public string BuildString()
    {
        var url = new StringBuilder();
        url.Append(Secure ? "wss" : "ws").Append("://");
        url.Append(string.IsNullOrEmpty(Host) ? "localhost" : Host);
        if (Port is { } port && port != 0)
        {
            url.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(Prefix))
        {
            url.Append('/').Append(Prefix!.Trim('/'));
        }

        if (!string.IsNullOrEmpty(Subpath))
        {
            url.Append('/').Append(Subpath!.Trim('/'));
        }

        var route = string.IsNullOrEmpty(AppId) && string.IsNullOrEmpty(Route) ? "app/engineData" : Route;
        if (!string.IsNullOrEmpty(route))
        {
            url.Append('/').Append(route!.Trim('/'));
        }
        else if (!string.IsNullOrEmpty(AppId))
        {
            url.Append("/app/").Append(EncodeUriComponent(AppId!));
        }

        if (!string.IsNullOrEmpty(Identity))
        {
            url.Append("/identity/").Append(EncodeUriComponent(Identity!));
        }

        if (Ttl is { } ttl && ttl != 0)
        {
            url.Append("/ttl/").Append(ttl.ToString(CultureInfo.InvariantCulture));
        }

        if (UrlParams.Count > 0)
        {
            url.Append('?');
            var first = true;
            foreach (var pair in UrlParams)
            {
                if (!first)
                {
                    url.Append('&');
                }

                first = false;
                url.Append(EncodeUriComponent(pair.Key)).Append('=').Append(EncodeUriComponent(pair.Value));
            }
        }

        return url.ToString();
    }

    private static string EncodeUriComponent(string text) => UriComponent.Encode(text, nameof(text));
}
