using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace QixGen.Traffic;

/// <summary>
/// Removes secrets from text before it is logged or recorded: the session's known secret values (header
/// values, cookies, tickets, API keys, the X-Qlik-User identity) and ticket parameters in URLs.
/// A secret is found in any spelling: raw, JSON-escaped (<c>\"</c>, <c>\\</c>, <c>\/</c>, <c>\uXXXX</c> for any
/// or every character, as written inside a JSON string), URL-encoded (<c>%XX</c> of its UTF-8 bytes in either
/// case, <c>+</c> for a space) and URL-encoded inside a JSON string or the reverse. Thread-safe.
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
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    /// <summary>The secrets of a session's options: header and cookie values, and the extra secrets.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The redactor.</returns>
    public static SecretRedactor For(Session.QixSessionOptions options) => For(options, options?.Cookies);

    /// <summary>
    /// The secrets of a session's options and of the cookies in <paramref name="cookies"/> (the session's own
    /// container: it holds what the proxy set on the upgrades, e.g. its X-Qlik-Session cookie).
    /// </summary>
    internal static SecretRedactor For(Session.QixSessionOptions options, System.Net.CookieContainer? cookies)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

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

        if (cookies is not null && options.Url is not null)
        {
            var http = new UriBuilder(options.Url) { Scheme = options.Url.Scheme == "wss" ? "https" : "http" }.Uri;
            foreach (System.Net.Cookie cookie in cookies.GetCookies(http))
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

    /// <summary>
    /// A redactor for the secrets of both: a session renews its redactor after each upgrade this way, so a cookie
    /// value the proxy replaced stays masked.
    /// </summary>
    internal SecretRedactor Including(SecretRedactor other) => new SecretRedactor(_secrets.Concat(other._secrets));

    /// <summary>The text with every secret masked.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The redacted text.</returns>
    public string Redact(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        if (_secrets.Length > 0)
        {
            var found = new List<(int Start, int End)>();
            var raw = DecodedText.Raw(text);
            FindSecrets(raw, found);
            // Decoded views map each of their characters back to the span of the original it came from, so a
            // secret found in decoded form masks exactly its encoded spelling in the original.
            if (text.IndexOf('\\') >= 0)
            {
                var json = DecodedText.JsonUnescaped(raw);
                FindSecrets(json, found);
                if (json.Text.IndexOf('%') >= 0 || json.Text.IndexOf('+') >= 0)
                {
                    FindSecrets(DecodedText.PercentDecoded(json), found);
                }
            }

            if (text.IndexOf('%') >= 0 || text.IndexOf('+') >= 0)
            {
                var url = DecodedText.PercentDecoded(raw);
                FindSecrets(url, found);
                if (url.Text.IndexOf('\\') >= 0)
                {
                    FindSecrets(DecodedText.JsonUnescaped(url), found);
                }
            }

            text = MaskSpans(text, found);
        }

        return s_ticketInUrl.Replace(text, "$1" + Mask);
    }

    private void FindSecrets(DecodedText view, List<(int Start, int End)> found)
    {
        foreach (var secret in _secrets)
        {
            for (var at = view.Text.IndexOf(secret, StringComparison.Ordinal); at >= 0; at = view.Text.IndexOf(secret, at + secret.Length, StringComparison.Ordinal))
            {
                found.Add(view.OriginalSpan(at, secret.Length));
            }
        }
    }

    private static string MaskSpans(string text, List<(int Start, int End)> spans)
    {
        if (spans.Count == 0)
        {
            return text;
        }

        spans.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var result = new System.Text.StringBuilder(text.Length);
        var position = 0;
        var i = 0;
        while (i < spans.Count)
        {
            var (start, end) = spans[i++];
            // Overlapping finds (the same secret in two views, a secret inside another) become one mask.
            while (i < spans.Count && spans[i].Start < end)
            {
                end = Math.Max(end, spans[i++].End);
            }

            result.Append(text, position, start - position).Append(Mask);
            position = end;
        }

        return result.Append(text, position, text.Length - position).ToString();
    }
}
