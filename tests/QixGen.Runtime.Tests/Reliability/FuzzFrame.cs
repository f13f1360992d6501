namespace QixGen.Runtime.Tests.Reliability;

/// <summary>How a fuzz frame goes on a WebSocket (the in-memory transport only sees the payload).</summary>
internal enum WireShape
{
    Text,
    Binary,
    Fragmented,
    FragmentedWithPings,
    PingBefore,
    PongBefore,
    EmptyTextBefore,
}

/// <summary>What ends a fuzz script on a WebSocket, after its frames (a protocol breach closes the connection).</summary>
internal enum WireEnding
{
    None,
    ReservedOpcode,
    ReservedBits,
    MaskedServerFrame,
    OversizedControlFrame,
    ContinuationWithoutStart,
    CloseWithOddReason,
}

/// <summary>One frame of a fuzz script: its bytes (any bytes, not necessarily JSON or UTF-8) and its wire shape.</summary>
internal sealed record FuzzFrame(byte[] Payload, WireShape Shape = WireShape.Text, int Fragments = 1);
