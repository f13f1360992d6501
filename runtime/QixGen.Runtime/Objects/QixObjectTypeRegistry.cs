using System;
using System.Collections.Concurrent;
using QixGen.Protocol;

namespace QixGen.Objects;

/// <summary>
/// Your own proxy classes by <c>qGenericType</c> (what enigma.js calls mixins): register
/// <c>"sheet" -&gt; Sheet : GenericObject</c> and every sheet the engine hands out is a <c>Sheet</c>.
/// </summary>
public sealed class QixObjectTypeRegistry
{
    private readonly ConcurrentDictionary<string, Func<IQixSession, QixObjectReference, QixObject>> _factories =
        new ConcurrentDictionary<string, Func<IQixSession, QixObjectReference, QixObject>>(StringComparer.Ordinal);

    /// <summary>Registers the class created for objects of <paramref name="genericType"/>.</summary>
    /// <typeparam name="TObject">The class; it should derive from the generated proxy the methods return (e.g. GenericObject).</typeparam>
    /// <param name="genericType">The engine's <c>qGenericType</c>, e.g. <c>sheet</c>.</param>
    /// <param name="factory">Creates an instance.</param>
    public void Register<TObject>(string genericType, QixObjectFactory<TObject> factory)
        where TObject : QixObject
    {
        if (string.IsNullOrEmpty(genericType))
        {
            throw new ArgumentException("A generic type is required.", nameof(genericType));
        }

        if (factory is null)
        {
            throw new ArgumentNullException(nameof(factory));
        }

        _factories[genericType] = (session, reference) => factory(session, reference);
    }

    /// <summary>Whether any type is registered.</summary>
    public bool IsEmpty => _factories.IsEmpty;

    internal QixObject? TryCreate(IQixSession session, QixObjectReference reference) =>
        reference.GenericType is { } genericType && _factories.TryGetValue(genericType, out var factory) ? factory(session, reference) : null;
}
