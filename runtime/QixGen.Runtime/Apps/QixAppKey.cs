using System;

namespace QixGen.Apps;

/// <summary>What one pooled socket serves: an app id and an identity (null: the default session).</summary>
public readonly struct QixAppKey : IEquatable<QixAppKey>
{
    /// <summary>Creates a key.</summary>
    /// <param name="appId">The app id.</param>
    /// <param name="identity">The identity, or null.</param>
    public QixAppKey(string appId, string? identity)
    {
        AppId = appId ?? throw new ArgumentNullException(nameof(appId));
        Identity = string.IsNullOrEmpty(identity) ? null : identity;
    }

    /// <summary>The app id.</summary>
    public string AppId { get; }

    /// <summary>The identity, or null for the default session.</summary>
    public string? Identity { get; }

    /// <inheritdoc />
    public bool Equals(QixAppKey other) => string.Equals(AppId, other.AppId, StringComparison.Ordinal) && string.Equals(Identity, other.Identity, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is QixAppKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(AppId) ^ (Identity is null ? 0 : StringComparer.Ordinal.GetHashCode(Identity) * 31);

    /// <inheritdoc />
    public override string ToString() => Identity is null ? AppId : $"{AppId} (identity {Identity})";
}
