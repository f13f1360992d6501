using System;

namespace QixGen.Objects;

/// <summary>What the engine says about a remote object it hands out (<c>qReturn</c>'s ObjectInterface).</summary>
public readonly struct QixObjectReference : IEquatable<QixObjectReference>
{
    /// <summary>The Global object, always on handle -1.</summary>
    public static QixObjectReference Global { get; } = new QixObjectReference("Global", -1, null, null);

    /// <summary>Creates a reference.</summary>
    /// <param name="type">The native type, e.g. <c>Doc</c> or <c>GenericObject</c> (<c>qType</c>).</param>
    /// <param name="handle">The handle to call the object on (<c>qHandle</c>).</param>
    /// <param name="genericType">The generic type, e.g. <c>sheet</c> (<c>qGenericType</c>).</param>
    /// <param name="genericId">The object id (<c>qGenericId</c>).</param>
    public QixObjectReference(string type, int handle, string? genericType, string? genericId)
    {
        Type = type ?? throw new ArgumentNullException(nameof(type));
        Handle = handle;
        GenericType = genericType;
        GenericId = genericId;
    }

    /// <summary>The native type (<c>qType</c>).</summary>
    public string Type { get; }

    /// <summary>The handle (<c>qHandle</c>).</summary>
    public int Handle { get; }

    /// <summary>The generic type (<c>qGenericType</c>), when the engine gave one.</summary>
    public string? GenericType { get; }

    /// <summary>The object id (<c>qGenericId</c>), when the engine gave one.</summary>
    public string? GenericId { get; }

    /// <inheritdoc />
    public bool Equals(QixObjectReference other) =>
        Handle == other.Handle && string.Equals(Type, other.Type, StringComparison.Ordinal) &&
        string.Equals(GenericType, other.GenericType, StringComparison.Ordinal) &&
        string.Equals(GenericId, other.GenericId, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is QixObjectReference other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Handle;

    /// <inheritdoc />
    public override string ToString() => $"{Type}#{Handle}" + (GenericId is null ? "" : $" ({GenericType}/{GenericId})");
}
