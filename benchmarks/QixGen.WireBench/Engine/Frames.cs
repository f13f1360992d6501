using System;
using System.Buffers.Binary;

namespace QixGen.WireBench.Engine;

/// <summary>Server-side RFC 6455 framing: unmasked frames out, masked frames in.</summary>
internal static class Frames
{
    public const byte Continuation = 0x0;
    public const byte TextOpcode = 0x1;
    public const byte CloseOpcode = 0x8;
    public const byte PingOpcode = 0x9;
    public const byte PongOpcode = 0xA;

    /// <summary>The largest header of a server frame: 2 bytes, then a 64-bit length.</summary>
    public const int MaxHeaderLength = 10;

    /// <summary>Writes a final, unmasked frame header for a payload of <paramref name="length"/> bytes; returns its size.</summary>
    public static int WriteHeader(Span<byte> destination, byte opcode, long length)
    {
        destination[0] = (byte)(0x80 | opcode);
        if (length < 126)
        {
            destination[1] = (byte)length;
            return 2;
        }

        if (length <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)length);
            return 4;
        }

        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(2), (ulong)length);
        return 10;
    }

    /// <summary>A whole text frame carrying <paramref name="payload"/>.</summary>
    public static byte[] Text(ReadOnlySpan<byte> payload) => Whole(TextOpcode, payload);

    public static byte[] Whole(byte opcode, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[MaxHeaderLength];
        var headerLength = WriteHeader(header, opcode, payload.Length);
        var frame = new byte[headerLength + payload.Length];
        header.Slice(0, headerLength).CopyTo(frame);
        payload.CopyTo(frame.AsSpan(headerLength));
        return frame;
    }

    /// <summary>
    /// Reads one client frame from <paramref name="buffer"/> and unmasks its payload in place. False when the buffer
    /// does not hold the whole frame yet (<paramref name="needed"/> says how many bytes it takes, when known).
    /// </summary>
    public static bool TryRead(Span<byte> buffer, out bool final, out byte opcode, out int payloadOffset, out int payloadLength, out long needed)
    {
        final = false;
        opcode = 0;
        payloadOffset = 0;
        payloadLength = 0;
        needed = 2;
        if (buffer.Length < 2)
        {
            return false;
        }

        final = (buffer[0] & 0x80) != 0;
        opcode = (byte)(buffer[0] & 0x0F);
        var masked = (buffer[1] & 0x80) != 0;
        long length = buffer[1] & 0x7F;
        var offset = 2;
        if (length == 126)
        {
            offset = 4;
            if (buffer.Length < offset)
            {
                needed = offset;
                return false;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(2));
        }
        else if (length == 127)
        {
            offset = 10;
            if (buffer.Length < offset)
            {
                needed = offset;
                return false;
            }

            length = (long)BinaryPrimitives.ReadUInt64BigEndian(buffer.Slice(2));
        }

        if (length > int.MaxValue / 2)
        {
            throw new InvalidOperationException($"A client frame of {length} bytes is beyond what the canned engine accepts.");
        }

        var maskOffset = offset;
        if (masked)
        {
            offset += 4;
        }

        needed = offset + length;
        if (buffer.Length < needed)
        {
            return false;
        }

        payloadOffset = offset;
        payloadLength = (int)length;
        if (masked)
        {
            var mask = buffer.Slice(maskOffset, 4);
            var payload = buffer.Slice(offset, payloadLength);
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= mask[i & 3];
            }
        }

        return true;
    }
}
