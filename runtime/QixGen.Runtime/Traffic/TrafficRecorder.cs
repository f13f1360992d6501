using System;
using System.IO;
using System.Text;
using System.Threading;
using QixGen.Session;

namespace QixGen.Traffic;

/// <summary>
/// Records a session's frames to the JSON-array traffic format (<c>[{"Sent":...},{"Received":...}]</c>, as
/// enigma-go writes it), with the session's secrets redacted (also the cookies the proxy set on its upgrades). Dispose to finish the array.
/// </summary>
public sealed class TrafficRecorder : IDisposable
{
    private readonly TextWriter _writer;
    private readonly QixSession _session;
    private readonly object _gate = new object();
    private bool _first = true;
    private bool _disposed;

    private TrafficRecorder(QixSession session, TextWriter writer)
    {
        _session = session;
        _writer = writer;
        _writer.Write("[");
        session.Traffic += OnTraffic;
    }

    /// <summary>Starts recording <paramref name="session"/> to <paramref name="writer"/>.</summary>
    /// <param name="session">The session.</param>
    /// <param name="writer">Where the JSON array is written (left open).</param>
    /// <returns>The recorder.</returns>
    public static TrafficRecorder Start(QixSession session, TextWriter writer) =>
        new TrafficRecorder(session ?? throw new ArgumentNullException(nameof(session)), writer ?? throw new ArgumentNullException(nameof(writer)));

    /// <summary>Stops recording and closes the JSON array.</summary>
    public void Dispose()
    {
        _session.Traffic -= OnTraffic;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writer.Write(_first ? "]" : "\n]");
            _writer.Flush();
        }
    }

    private void OnTraffic(object? sender, QixTrafficEventArgs e)
    {
        var frame = _session.Redactor.Redact(Encoding.UTF8.GetString(e.Frame.ToArray()));
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _writer.Write(_first ? "\n" : ",\n");
            _first = false;
            _writer.Write(e.Sent ? "{\"Sent\": " : "{\"Received\": ");
            _writer.Write(frame);
            _writer.Write("}");
        }
    }
}
