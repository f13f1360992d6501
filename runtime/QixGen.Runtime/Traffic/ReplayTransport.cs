using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using QixGen.Errors;
using QixGen.Transport;

namespace QixGen.Traffic;

/// <summary>A sent frame did not match the recording.</summary>
public sealed class QixReplayMismatchException : QixException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The difference.</param>
    public QixReplayMismatchException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Plays a recorded session (the JSON-array traffic format) back as a transport: each frame the client sends
/// must match the next recorded <c>Sent</c> frame (key order and a <c>delta:false</c> aside); the recorded
/// <c>Received</c> frames that follow are then delivered. A mismatch fails that send at once with a diff —
/// it never hangs.
/// </summary>
public sealed class ReplayTransport : IQixTransport
{
    private readonly List<(bool Sent, string Json)> _entries;
    private readonly Queue<byte[]> _deliveries = new Queue<byte[]>();
    private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
    private readonly object _gate = new object();
    private int _next;
    private bool _closed;

    private ReplayTransport(List<(bool Sent, string Json)> entries)
    {
        _entries = entries;
        lock (_gate)
        {
            QueueReceivedLocked();
        }
    }

    /// <summary>How many recorded frames were not consumed yet.</summary>
    public int Remaining
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count - _next;
            }
        }
    }

    /// <summary>Loads a recording.</summary>
    /// <param name="json">The traffic file's text.</param>
    /// <returns>The transport.</returns>
    public static ReplayTransport FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var entries = new List<(bool, string)>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.TryGetProperty("Sent", out var sent))
            {
                entries.Add((true, sent.GetRawText()));
            }
            else if (entry.TryGetProperty("Received", out var received))
            {
                entries.Add((false, received.GetRawText()));
            }
        }

        return new ReplayTransport(entries);
    }

    /// <summary>Loads a recording from a file.</summary>
    /// <param name="path">The traffic file.</param>
    /// <returns>The transport.</returns>
    public static ReplayTransport FromFile(string path) => FromJson(File.ReadAllText(path));

    /// <inheritdoc />
    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var actual = Encoding.UTF8.GetString(message.ToArray());
        lock (_gate)
        {
            if (_next >= _entries.Count || !_entries[_next].Sent)
            {
                throw new QixReplayMismatchException($"The recording expects no more requests here, but the client sent:\n{actual}");
            }

            var expected = _entries[_next].Json;
            if (!FramesMatch(expected, actual, out var difference))
            {
                throw new QixReplayMismatchException($"Request {_next} differs from the recording at {difference}\nexpected: {expected}\nactual:   {actual}");
            }

            _next++;
            QueueReceivedLocked();
        }

        return default;
    }

    /// <inheritdoc />
    public async ValueTask<QixReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageSize, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_deliveries.Count > 0)
                {
                    var frame = _deliveries.Dequeue();
                    if (frame.Length > maxMessageSize)
                    {
                        throw new QixMessageTooLargeException(maxMessageSize, frame.AsMemory(0, Math.Min(frame.Length, 4096)));
                    }

                    destination.Write(frame);
                    return QixReceiveResult.Message(frame.Length);
                }

                if (_closed)
                {
                    return QixReceiveResult.Closed(1000, "Replay closed");
                }
            }

            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(int closeCode, string? reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _closed = true;
        }

        _available.Release();
        return default;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => CloseAsync(1000, null, CancellationToken.None);

    private void QueueReceivedLocked()
    {
        while (_next < _entries.Count && !_entries[_next].Sent)
        {
            _deliveries.Enqueue(Encoding.UTF8.GetBytes(_entries[_next].Json));
            _next++;
            _available.Release();
        }
    }

    private static bool FramesMatch(string expected, string actual, out string difference)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        return Same(e.RootElement, a.RootElement, "$", out difference);
    }

    private static bool Same(JsonElement expected, JsonElement actual, string path, out string difference)
    {
        difference = path;
        if (expected.ValueKind != actual.ValueKind)
        {
            return false;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                // "delta": false is the default: a recording may carry it where the client leaves it out.
                var left = expected.EnumerateObject().Where(p => !(p.Name == "delta" && p.Value.ValueKind == JsonValueKind.False)).ToList();
                var right = actual.EnumerateObject().Where(p => !(p.Name == "delta" && p.Value.ValueKind == JsonValueKind.False)).ToList();
                foreach (var property in left)
                {
                    var match = right.FirstOrDefault(p => p.Name == property.Name);
                    if (match.Name is null)
                    {
                        difference = path + "." + property.Name + " (missing)";
                        return false;
                    }

                    if (!Same(property.Value, match.Value, path + "." + property.Name, out difference))
                    {
                        return false;
                    }
                }

                if (right.Count != left.Count)
                {
                    difference = path + " (unexpected: " + string.Join(", ", right.Select(p => p.Name).Except(left.Select(p => p.Name))) + ")";
                    return false;
                }

                return true;
            case JsonValueKind.Array:
                var x = expected.EnumerateArray().ToList();
                var y = actual.EnumerateArray().ToList();
                if (x.Count != y.Count)
                {
                    difference = $"{path} (length {x.Count} vs {y.Count})";
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (!Same(x[i], y[i], $"{path}[{i}]", out difference))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Number:
                return expected.GetDouble().Equals(actual.GetDouble());
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString();
            default:
                return true;
        }
    }
}
