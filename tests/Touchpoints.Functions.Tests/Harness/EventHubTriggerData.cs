using System.Globalization;
using Touchpoints.Functions.Tests.Harness.Rpc;

namespace Touchpoints.Functions.Tests.Harness;

/// <summary>
/// A batch as the host's Event Hubs extension dispatches it to a batched function whose trigger binding says
/// <c>dataType: Binary</c> and <c>cardinality: Many</c>: the bodies as one CollectionBytes input, and the batch dispatch's
/// binding data (<c>EventHubTriggerBindingStrategy</c>) as trigger metadata in the wire forms of the host's <c>ToRpc</c>:
/// <c>PartitionContext</c>/<c>TriggerPartitionContext</c>, <c>EnqueuedTimeUtcArray</c>, <c>PropertiesArray</c> and
/// <c>SystemPropertiesArray</c> as Newtonsoft JSON (times without an offset: the host's <c>DateTime</c> values have
/// Kind Unspecified), <c>SequenceNumberArray</c> as CollectionSInt64, and the offset and partition-key arrays as
/// CollectionString with empty entries kept.
/// </summary>
internal static class EventHubTriggerData
{
    /// <summary>The trigger's input binding: every body, in partition order.</summary>
    public static ParameterBinding Input(string bindingName, IReadOnlyList<HostEventData> events) =>
        new() { Name = bindingName, Data = RpcValues.ByteArrays(events.Select(static e => e.Body)) };

    /// <summary>The trigger metadata of the batch.</summary>
    public static Dictionary<string, TypedData> Metadata(IReadOnlyList<HostEventData> events, string fullyQualifiedNamespace, string eventHubName, string consumerGroup, string partitionId)
    {
        var partitionContext = RpcValues.JsonOf(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["FullyQualifiedNamespace"] = fullyQualifiedNamespace,
            ["EventHubName"] = eventHubName,
            ["ConsumerGroup"] = consumerGroup,
            ["PartitionId"] = partitionId,
            ["IsCheckpointingAfterInvocation"] = true,
        });
        return new Dictionary<string, TypedData>(StringComparer.OrdinalIgnoreCase)
        {
            ["PartitionContext"] = partitionContext,
            ["TriggerPartitionContext"] = partitionContext,
            ["EnqueuedTimeUtcArray"] = RpcValues.JsonOf(events.Select(static e => HostDateTime(e.EnqueuedTime)).ToArray()),
            ["SequenceNumberArray"] = RpcValues.Int64s(events.Select(static e => e.SequenceNumber)),
            ["OffsetArray"] = RpcValues.Strings(events.Select(static e => e.Offset)),
            ["OffsetStringArray"] = RpcValues.Strings(events.Select(static e => e.Offset)),
            ["PartitionKeyArray"] = RpcValues.Strings(events.Select(static e => e.PartitionKey)),
            ["PropertiesArray"] = RpcValues.JsonOf(events.Select(static _ => new Dictionary<string, object>()).ToArray()),
            ["SystemPropertiesArray"] = RpcValues.JsonOf(events.Select(static e => SystemProperties(e)).ToArray()),
        };
    }

    // Newtonsoft's text of a DateTime of Kind Unspecified: the UTC wall clock, no offset, trailing zeros of the fraction dropped.
    private static string HostDateTime(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> SystemProperties(HostEventData e) => new(StringComparer.Ordinal)
    {
        ["x-opt-sequence-number"] = e.SequenceNumber,
        ["x-opt-offset"] = e.Offset,
        ["x-opt-enqueued-time"] = e.EnqueuedTime.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["x-opt-partition-key"] = e.PartitionKey,
        ["SequenceNumber"] = e.SequenceNumber,
        ["Offset"] = e.Offset,
        ["OffsetString"] = e.Offset,
        ["PartitionKey"] = e.PartitionKey,
        ["EnqueuedTimeUtc"] = HostDateTime(e.EnqueuedTime),
    };
}
