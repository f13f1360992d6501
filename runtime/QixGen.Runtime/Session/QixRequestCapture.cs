using System;
using System.Collections.Generic;
using System.Threading;

namespace QixGen.Session;

/// <summary>
/// Captures the request ids of the calls started inside a scope on this async flow — the id a long call
/// (DoReload) needs for Global.GetProgress or Global.CancelRequest. Ids are assigned synchronously when a
/// call starts, so the scope sees them before the call's task is returned.
/// </summary>
public sealed class QixRequestCapture : IDisposable
{
    private static readonly AsyncLocal<QixRequestCapture?> s_current = new AsyncLocal<QixRequestCapture?>();
    private readonly QixRequestCapture? _outer;
    private readonly List<int> _ids = new List<int>();

    private QixRequestCapture(QixRequestCapture? outer) => _outer = outer;

    /// <summary>The request ids captured so far, in the order the calls started.</summary>
    public IReadOnlyList<int> RequestIds => _ids;

    /// <summary>The first captured request id.</summary>
    public int FirstRequestId => _ids.Count > 0 ? _ids[0] : throw new InvalidOperationException("No call was started in this capture scope.");

    internal static QixRequestCapture? Current => s_current.Value;

    /// <summary>Starts capturing on this async flow until disposed.</summary>
    /// <returns>The capture.</returns>
    public static QixRequestCapture Begin()
    {
        var capture = new QixRequestCapture(s_current.Value);
        s_current.Value = capture;
        return capture;
    }

    /// <summary>Stops capturing.</summary>
    public void Dispose() => s_current.Value = _outer;

    internal void Record(int id)
    {
        lock (_ids)
        {
            _ids.Add(id);
        }
    }
}
