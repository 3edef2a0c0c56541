using System.Globalization;
using Azure.Messaging.EventHubs;
using Microsoft.Azure.Functions.Worker;
using Touchpoints.Ingest;

namespace Touchpoints.Functions.Functions;

/// <summary>
/// The Event Hubs trigger, in batches (<c>host.json</c> sizes them). It only maps the SDK's events to the library's
/// <see cref="EventHubEvent"/> and hands the batch to <see cref="EventHubBatchHandler"/>: invalid events are
/// dead-lettered there, and a storage failure throws so the retry policy below redelivers the batch (ingest is idempotent).
/// </summary>
public sealed class EventHubTouchpointsFunction(EventHubBatchHandler handler)
{
    [Function("EventHubTouchpoints")]
    [ExponentialBackoffRetry(5, "00:00:02", "00:01:00")]
    public async Task Run(
        [EventHubTrigger("%EventHubName%", Connection = "EventHubConnection", ConsumerGroup = "%EventHubConsumerGroup%")] EventData[] events,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var (eventHubName, partitionId) = EventHubBindingData.ReadPartitionContext(context.BindingContext.BindingData);
        var mapped = new EventHubEvent[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            var item = events[i];
            mapped[i] = new EventHubEvent
            {
                Body = item.EventBody.ToMemory(),
                EnqueuedTime = item.EnqueuedTime,
                SequenceNumber = item.SequenceNumber,
                Offset = item.Offset.ToString(CultureInfo.InvariantCulture),
                PartitionKey = item.PartitionKey,
                PartitionId = partitionId,
            };
        }

        // On the last retry the handler dead-letters rather than throws: the host checkpoints past a batch whose retries are spent.
        var isFinalAttempt = context.RetryContext is { MaxRetryCount: >= 0 } retry && retry.RetryCount >= retry.MaxRetryCount;
        await handler.HandleAsync(mapped, eventHubName, cancellationToken, isFinalAttempt);
    }
}
