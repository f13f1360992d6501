using QixGen.Protocol;

namespace QixGen.Objects;

/// <summary>Creates the proxy for a remote object.</summary>
/// <typeparam name="TObject">The proxy type.</typeparam>
/// <param name="session">The session the object lives in.</param>
/// <param name="reference">What the engine said about the object.</param>
public delegate TObject QixObjectFactory<out TObject>(IQixSession session, QixObjectReference reference)
    where TObject : QixObject;
