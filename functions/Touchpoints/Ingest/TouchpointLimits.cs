namespace Touchpoints.Ingest;

/// <summary>The size limits of the wire format. They follow Segment's HTTP tracking API so its SDKs batch within them.</summary>
public static class TouchpointLimits
{
    /// <summary>The largest single message, in UTF-8 bytes (32 KiB).</summary>
    public const int MaxMessageBytes = 32 * 1024;

    /// <summary>The largest request or event body, in bytes after decompression (500 KiB).</summary>
    public const int MaxBatchBytes = 500 * 1024;

    /// <summary>The longest id (<c>userId</c>, <c>anonymousId</c>, <c>previousId</c>, <c>messageId</c>, <c>groupId</c>), in characters.</summary>
    public const int MaxIdLength = 256;

    /// <summary>The longest segment or persona name, in characters: journeys keep a history of them.</summary>
    public const int MaxSegmentLength = 128;

    /// <summary>The longest event name, in characters.</summary>
    public const int MaxEventLength = 200;
}
