using System;
using QixGen.Serialization;

namespace QixGen.Protocol;

/// <summary>
/// A response's <c>result</c> bytes, still inside the pooled receive buffer they arrived in. The caller decodes
/// them on its own thread and then disposes the frame, which returns the buffer: no copy of large results.
/// </summary>
internal sealed class ResponseFrame : IDisposable
{
    private PooledBufferWriter? _buffer;
    private byte[]? _bytes;

    public ResponseFrame(PooledBufferWriter buffer, int resultStart, int resultLength)
    {
        _buffer = buffer;
        ResultStart = resultStart;
        ResultLength = resultLength;
    }

    /// <summary>A result that was rebuilt (a delta applied, or an interceptor's substitute).</summary>
    public ResponseFrame(byte[] result)
    {
        _bytes = result;
        ResultLength = result.Length;
    }

    public int ResultStart { get; }

    public int ResultLength { get; }

    public ReadOnlySpan<byte> Result =>
        _bytes is not null ? _bytes : (_buffer ?? throw new ObjectDisposedException(nameof(ResponseFrame))).WrittenSpan.Slice(ResultStart, ResultLength);

    public void Dispose()
    {
        _buffer?.Dispose();
        _buffer = null;
        _bytes = null;
    }
}
