using System;
using System.Collections.Generic;

namespace QixGen.Runtime.Tests.Delta;

/// <summary>
/// A pool that checks what the store does with rented arrays: each goes back once, and is filled with garbage when it
/// does (a result still read from it then shows it). A fault is recorded rather than thrown, since an array may go
/// back on a thread-pool thread (an answer released before it was applied), where a throw would end the test run.
/// </summary>
internal sealed class CheckingPool : System.Buffers.ArrayPool<byte>
{
    private readonly HashSet<byte[]> _outstanding = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
    private readonly List<string> _faults = new List<string>();
    private int _rented;

    public int Rented
    {
        get
        {
            lock (_outstanding)
            {
                return _rented;
            }
        }
    }

    public int Outstanding
    {
        get
        {
            lock (_outstanding)
            {
                return _outstanding.Count;
            }
        }
    }

    /// <summary>What went wrong (an array returned twice, or never rented), in the order seen.</summary>
    public IReadOnlyList<string> Faults
    {
        get
        {
            lock (_outstanding)
            {
                return _faults.ToArray();
            }
        }
    }

    public override byte[] Rent(int minimumLength)
    {
        // Longer than asked, as the shared pool's buckets are.
        var array = new byte[minimumLength + 37];
        lock (_outstanding)
        {
            _outstanding.Add(array);
            _rented++;
        }

        return array;
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        lock (_outstanding)
        {
            if (!_outstanding.Remove(array))
            {
                _faults.Add($"an array of {array.Length} bytes went back to the pool twice, or was not rented from it");
            }
        }

        array.AsSpan().Fill((byte)'#');
    }
}
