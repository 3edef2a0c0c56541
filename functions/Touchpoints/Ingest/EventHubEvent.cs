namespace Touchpoints.Ingest;

/// <summary>
/// One Event Hubs event as the pipeline sees it, independent of the SDK type it arrived as: the Functions trigger maps
/// <c>Azure.Messaging.EventHubs.EventData</c> to it, the local server's endpoint reads it from JSON.
/// </summary>
public sealed record EventHubEvent
{
    /// <summary>The body: one Segment message, a JSON array of messages, or a Segment batch object.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>When Event Hubs accepted the event: the receive time, the base of clock-skew correction.</summary>
    public required DateTimeOffset EnqueuedTime { get; init; }

    /// <summary>The event's sequence number in its partition.</summary>
    public long SequenceNumber { get; init; }

    /// <summary>The event's offset in its partition, as text (Event Hubs is moving from numeric to opaque offsets).</summary>
    public string? Offset { get; init; }

    /// <summary>The partition key the publisher set, if any.</summary>
    public string? PartitionKey { get; init; }

    /// <summary>The partition it was read from, when the host tells us.</summary>
    public string? PartitionId { get; init; }
}
