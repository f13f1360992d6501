using System;

namespace QixGen.Delta;

/// <summary>A patched value not written yet: measured first, then written into the result that holds it.</summary>
internal interface IJsonPatchedValue
{
    /// <summary>How many bytes <see cref="Write"/> writes.</summary>
    int MeasureLength();

    /// <summary>Writes the value as UTF-8 JSON at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    int Write(Span<byte> destination);
}
