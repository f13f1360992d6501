using System.Text.Json;

namespace QixGen.Protocol;

/// <summary>
/// Decodes the <c>result</c> object of a response. The reader is positioned on the object's
/// <see cref="JsonTokenType.StartObject"/> token and must be left on its matching end token.
/// </summary>
/// <typeparam name="TResult">The decoded result type.</typeparam>
/// <param name="reader">The reader over the result object.</param>
/// <param name="session">The session that made the call, for creating proxies of returned objects.</param>
public delegate TResult QixResultReader<out TResult>(ref Utf8JsonReader reader, IQixSession session);

/// <summary>The result of a method without out values.</summary>
public readonly struct QixVoid
{
    /// <summary>Skips the (empty) result object.</summary>
    public static readonly QixResultReader<QixVoid> Reader = Read;

    private static QixVoid Read(ref Utf8JsonReader reader, IQixSession session)
    {
        reader.Skip();
        return default;
    }
}
