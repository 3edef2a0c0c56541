namespace Touchpoints.Functions.Tests.Harness;

/// <summary>One received event as the host's Event Hubs extension holds it before binding a batch.</summary>
/// <param name="Body">The body bytes.</param>
/// <param name="SequenceNumber">The sequence number in the partition.</param>
/// <param name="Offset">The offset (opaque text in newer service versions, numeric here).</param>
/// <param name="PartitionKey">The publisher's partition key, or null.</param>
/// <param name="EnqueuedTime">When the service accepted it.</param>
internal sealed record HostEventData(byte[] Body, long SequenceNumber, string Offset, string? PartitionKey, DateTimeOffset EnqueuedTime);
