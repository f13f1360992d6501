using System;
using QixGen.Delta;
using QixGen.Serialization;

namespace QixGen.Protocol;

/// <summary>
/// A response's <c>result</c> bytes, still inside the pooled receive buffer they arrived in. The caller decodes
/// them on its own thread and then disposes the frame, which returns the buffer: no copy of large results.
/// </summary>
internal sealed class ResponseFrame : IDisposable
{
    private PooledBufferWriter? _buffer;
    private ReadOnlyMemory<byte> _bytes;
    private DeltaAnswer? _delta;

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

    /// <summary>A delta answer, queued to be patched on the caller's side: <see cref="ResolveDelta"/> before reading <see cref="Result"/>.</summary>
    public ResponseFrame(DeltaAnswer delta) => _delta = delta;

    public int ResultStart { get; }

    public int ResultLength { get; private set; }

    /// <summary>Whether this is a delta answer not patched into its full result yet.</summary>
    public bool NeedsDelta => _delta is not null && _bytes.IsEmpty;

    public ReadOnlySpan<byte> Result =>
        _buffer is null
            ? (_delta is null || !_bytes.IsEmpty ? _bytes.Span : throw new InvalidOperationException("The delta answer was not applied."))
            : _buffer.WrittenSpan.Slice(ResultStart, ResultLength);

    /// <summary>Patches a delta answer (with the earlier answers of its handle and method) into its full result.</summary>
    /// <exception cref="JsonPatchException">The patch did not apply.</exception>
    public void ResolveDelta()
    {
        _bytes = _delta!.Resolve();
        ResultLength = _bytes.Length;
    }

    public void Dispose()
    {
        _buffer?.Dispose();
        _buffer = null;
        _bytes = default;

        // The lane may now rewrite the result's bytes; an answer nobody read is still applied (the next patch is against it).
        _delta?.Release();
        _delta = null;
    }
}
