using System;
using System.Globalization;
using System.Text;

namespace QixGen.Auth;

/// <summary>Percent-encoding as JavaScript's encodeURIComponent does it, for URL segments and Qlik identity values.</summary>
internal static class UriComponent
{
    private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Everything but <c>A-Z a-z 0-9 - _ . ! ~ * ' ( )</c> becomes <c>%XX</c> of its UTF-8 bytes (so <c>svc;qlik</c> gives
    /// <c>svc%3Bqlik</c>). A lone surrogate cannot be encoded (encodeURIComponent throws URIError): ArgumentException.
    /// </summary>
    public static string Encode(string text, string parameterName)
    {
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The value holds a lone surrogate and cannot be URL-encoded as UTF-8.", parameterName, e);
        }

        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.!~*'()".IndexOf(c) >= 0)
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
