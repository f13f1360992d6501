using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace QixGen.WireBench.Engine;

/// <summary>
/// One client connection of the canned engine: the HTTP upgrade, then a loop that unmasks every complete frame of a
/// receive, answers requests (splicing the id in front of pre-serialised bytes) and sends all answers of that receive
/// in one gathered send. Handles fragmentation, ping and the close handshake.
/// </summary>
internal sealed class EngineConnection
{
    private static readonly byte[] s_responsePrefix = Encoding.ASCII.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":");
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly Socket _socket;
    private readonly CannedAnswers _answers;
    private readonly List<ArraySegment<byte>> _outgoing = new List<ArraySegment<byte>>();
    private byte[] _buffer = new byte[4096];
    private int _count;
    private byte[] _message = Array.Empty<byte>();
    private int _messageLength;
    private bool _emptyPatches;
    private int _layoutCalls;
    private int _pageCalls;

    public EngineConnection(Socket socket, CannedAnswers answers)
    {
        _socket = socket;
        _answers = answers;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await UpgradeAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _outgoing.Add(new ArraySegment<byte>(_answers.OnConnected));
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var start = 0;
            long needed = 0;
            while (Frames.TryRead(_buffer.AsSpan(start, _count - start), out var final, out var opcode, out var offset, out var length, out needed))
            {
                var payload = new ArraySegment<byte>(_buffer, start + offset, length);
                start += offset + length;
                if (opcode == Frames.CloseOpcode)
                {
                    _outgoing.Add(new ArraySegment<byte>(Frames.Whole(Frames.CloseOpcode, payload.AsSpan(0, Math.Min(2, payload.Count)))));
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    _socket.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (opcode == Frames.PingOpcode)
                {
                    _outgoing.Add(new ArraySegment<byte>(Frames.Whole(Frames.PongOpcode, payload)));
                }
                else if (opcode == Frames.TextOpcode || opcode == Frames.Continuation)
                {
                    if (final && _messageLength == 0)
                    {
                        Answer(payload);
                    }
                    else
                    {
                        AppendToMessage(payload);
                        if (final)
                        {
                            Answer(new ArraySegment<byte>(_message, 0, _messageLength));
                            _messageLength = 0;
                        }
                    }
                }
            }

            await FlushAsync(cancellationToken).ConfigureAwait(false);
            _count -= start;
            Buffer.BlockCopy(_buffer, start, _buffer, 0, _count);
            if (needed > _buffer.Length)
            {
                Array.Resize(ref _buffer, (int)Math.Max(needed, _buffer.Length * 2L));
            }
            else if (_count == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var received = await _socket.ReceiveAsync(_buffer.AsMemory(_count), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                return;
            }

            _count += received;
        }
    }

    private void AppendToMessage(ArraySegment<byte> payload)
    {
        if (_message.Length < _messageLength + payload.Count)
        {
            Array.Resize(ref _message, Math.Max(_messageLength + payload.Count, _message.Length * 2));
        }

        payload.AsSpan().CopyTo(_message.AsSpan(_messageLength));
        _messageLength += payload.Count;
    }

    /// <summary>Queues the answer to one request: frame header, prefix and id in a small array, the canned tail as is.</summary>
    private void Answer(ArraySegment<byte> request)
    {
        var header = RequestHeader.Parse(request);
        var tail = Tail(header);
        var head = new byte[Frames.MaxHeaderLength + s_responsePrefix.Length + header.Id.Length];
        var payloadLength = s_responsePrefix.Length + header.Id.Length + tail.Length;
        var headerLength = Frames.WriteHeader(head, Frames.TextOpcode, payloadLength);
        s_responsePrefix.CopyTo(head, headerLength);
        header.Id.CopyTo(head, headerLength + s_responsePrefix.Length);
        _outgoing.Add(new ArraySegment<byte>(head, 0, headerLength + s_responsePrefix.Length + header.Id.Length));
        _outgoing.Add(new ArraySegment<byte>(tail));
    }

    private byte[] Tail(RequestHeader request)
    {
        var answer = (request.Handle, request.Method) switch
        {
            (-1, "OpenDoc") => _answers.OpenDoc,
            (CannedAnswers.DocHandle, "GetObject") when request.FirstParameter == CannedAnswers.PageObjectId => _answers.PageObject,
            (CannedAnswers.DocHandle, "GetObject") => _answers.LayoutObject,
            (CannedAnswers.LayoutHandle, "GetLayout") => _answers.Layout,
            (CannedAnswers.PageHandle, "GetHyperCubeData") => _answers.Page,
            _ => null,
        };
        if (answer is null)
        {
            return _answers.NotFound;
        }

        if (!request.Delta)
        {
            return answer.Full;
        }

        // Each call is made once per session except these two, so only they need a count.
        var sent = answer == _answers.Layout ? _layoutCalls++ : answer == _answers.Page ? _pageCalls++ : 0;
        return sent == 0 ? answer.First : _emptyPatches ? answer.Empty : answer.Patches[(sent - 1) % answer.Patches.Length];
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (_outgoing.Count > 0)
        {
            var sent = await _socket.SendAsync(_outgoing, SocketFlags.None).WaitAsync(cancellationToken).ConfigureAwait(false);
            // A partial send leaves the rest of the list to go.
            while (sent > 0 && _outgoing.Count > 0)
            {
                var first = _outgoing[0];
                if (sent >= first.Count)
                {
                    sent -= first.Count;
                    _outgoing.RemoveAt(0);
                }
                else
                {
                    _outgoing[0] = first.Slice(sent);
                    sent = 0;
                }
            }
        }
    }

    /// <summary>Reads the upgrade request, answers 101 with the accept key, and keeps any bytes after it.</summary>
    private async Task<bool> UpgradeAsync(CancellationToken cancellationToken)
    {
        int end;
        while ((end = _buffer.AsSpan(0, _count).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (_count == _buffer.Length)
            {
                return false;
            }

            var received = await _socket.ReceiveAsync(_buffer.AsMemory(_count), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                return false;
            }

            _count += received;
        }

        var request = Encoding.ASCII.GetString(_buffer, 0, end);
        var lines = request.Split("\r\n");
        var path = lines[0].Split(' ') is { Length: >= 2 } parts ? parts[1] : "/";
        _emptyPatches = path.EndsWith("/" + CannedEngine.PathFor(DeltaMode.Empty), StringComparison.Ordinal);
        string? key = null;
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase))
            {
                key = line.Substring(colon + 1).Trim();
            }
        }

        if (key is null)
        {
            await _socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
        var response = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n";
        await _socket.SendAsync(Encoding.ASCII.GetBytes(response), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        _count -= end + 4;
        Buffer.BlockCopy(_buffer, end + 4, _buffer, 0, _count);
        return true;
    }
}
