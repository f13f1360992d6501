using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace QixGen.Traffic;

/// <summary>
/// Removes secrets from text before it is logged or recorded: the session's known secret values (header
/// values, cookies, tickets, API keys, the X-Qlik-User identity) and ticket parameters in URLs.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "***";

    private static readonly Regex s_ticketInUrl = new Regex(@"(?i)((?:qlikTicket|ticket|access_token|apikey)=)[^&#\s""]+", RegexOptions.CultureInvariant);
    private readonly string[] _secrets;

    /// <summary>Creates a redactor for <paramref name="secrets"/> (empty and very short values are ignored).</summary>
    /// <param name="secrets">The secret values.</param>
    public SecretRedactor(IEnumerable<string> secrets)
    {
        // Longest first, so a secret that contains another is masked whole.
        _secrets = secrets
            .Where(s => !string.IsNullOrEmpty(s) && s.Length >= 3)
            .SelectMany(s => new[] { s, Uri.EscapeDataString(s) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    /// <summary>The secrets of a session's options: header and cookie values, and the extra secrets.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The redactor.</returns>
    public static SecretRedactor For(Session.QixSessionOptions options)
    {
        var secrets = new List<string>(options.Secrets);
        foreach (var header in options.Headers)
        {
            secrets.Add(header.Value);
            // "Bearer xyz": the token alone may appear elsewhere too.
            var space = header.Value.IndexOf(' ');
            if (space > 0)
            {
                secrets.Add(header.Value.Substring(space + 1));
            }

            // X-Qlik-User: "UserDirectory=D; UserId=U": the parts as well.
            foreach (var part in header.Value.Split(';'))
            {
                var eq = part.IndexOf('=');
                if (eq > 0)
                {
                    secrets.Add(part.Substring(eq + 1).Trim());
                }
            }
        }

        if (options.Cookies is not null && options.Url is not null)
        {
            var http = new UriBuilder(options.Url) { Scheme = options.Url.Scheme == "wss" ? "https" : "http" }.Uri;
            foreach (System.Net.Cookie cookie in options.Cookies.GetCookies(http))
            {
                secrets.Add(cookie.Value);
            }
        }

        if (options.Url is not null)
        {
            foreach (Match match in s_ticketInUrl.Matches(options.Url.OriginalString))
            {
                secrets.Add(match.Value.Substring(match.Groups[1].Length));
            }
        }

        return new SecretRedactor(secrets);
    }

    /// <summary>The text with every secret masked.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The redacted text.</returns>
    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.IndexOf(secret, StringComparison.Ordinal) >= 0)
            {
                text = text.Replace(secret, Mask);
            }
        }

        return s_ticketInUrl.Replace(text, "$1" + Mask);
    }
}
