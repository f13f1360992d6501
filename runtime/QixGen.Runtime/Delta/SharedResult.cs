using System;
using System.Buffers;
using System.Threading;

namespace QixGen.Delta;

/// <summary>
/// The bytes of a lane's whole result and how many still read them: the lane (while the values it holds are slices of
/// it) and every caller it was handed to (until that caller's response is disposed).
/// </summary>
/// <remarks>
/// The lane rewrites the bytes in place (<see cref="DeltaLane"/>) only while it is the one holder: a holder is added
/// only under the lane's apply lock, so once the lane sees itself alone, nobody can start reading them before it is
/// done. A holder that never lets go (a response nobody disposes) only costs a new array for the next result (or a
/// rented array that never goes back to its pool). Once the last holder let go nobody can hold the result again, since
/// the lane holds a result as long as it may hand it out.
/// </remarks>
internal sealed class SharedResult
{
    private readonly ArrayPool<byte>? _pool;
    private int _holders;

    /// <summary>
    /// A result in <paramref name="buffer"/>'s first <paramref name="length"/> bytes, with no holder yet; a buffer
    /// rented from <paramref name="pool"/> goes back to it when the last holder lets go.
    /// </summary>
    public SharedResult(byte[] buffer, int length, ArrayPool<byte>? pool = null)
    {
        Buffer = buffer;
        Length = length;
        _pool = pool;
    }

    /// <summary>Whether the array was rented (it may be twice the result's size: the lane does not keep such a one as its held state).</summary>
    public bool IsPooled => _pool is not null;

    /// <summary>The array the result is written in; it may be longer than the result, so that a patch that makes the result a little longer is still written in place.</summary>
    public byte[] Buffer { get; }

    /// <summary>The result's length in bytes; it changes only when the lane rewrites the result in place.</summary>
    public int Length { get; set; }

    /// <summary>The result: UTF-8 JSON that must not be changed by its readers.</summary>
    public ReadOnlyMemory<byte> Memory => new ReadOnlyMemory<byte>(Buffer, 0, Length);

    /// <summary>Whether the lane that holds this result is its only holder (the caller must be that lane, under its apply lock).</summary>
    public bool HeldOnlyByLane => Volatile.Read(ref _holders) == 1;

    /// <summary>One more reader; only under the lane's apply lock.</summary>
    public void AddHolder() => Interlocked.Increment(ref _holders);

    /// <summary>A reader is done with the bytes (it must not read them after this); the last one out returns a rented array.</summary>
    public void RemoveHolder()
    {
        if (Interlocked.Decrement(ref _holders) == 0 && _pool is not null)
        {
            _pool.Return(Buffer);
        }
    }
}
