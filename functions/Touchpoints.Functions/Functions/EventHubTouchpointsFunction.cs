using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;
using Touchpoints.Ingest;

namespace Touchpoints.Functions.Functions;

/// <summary>
/// The Event Hubs trigger, in batches (<c>host.json</c> sizes them), bound as the event bodies (<c>byte[][]</c>) and
/// the trigger's binding data, which the worker converts itself: no SDK-type conversion, and every byte of a body
/// reaches the handler as sent, so one malformed event is dead-lettered there rather than failing the binding of its
/// batch. A storage failure throws so the retry policy below redelivers the batch (ingest is idempotent).
/// </summary>
public sealed class EventHubTouchpointsFunction(EventHubBatchHandler handler, TimeProvider time)
{
    [Function(TouchpointFunctionNames.EventHubTouchpoints)]
    [ExponentialBackoffRetry(5, "00:00:02", "00:01:00")]
    public Task Run(
        [EventHubTrigger("%EventHubName%", Connection = "EventHubConnection", ConsumerGroup = "%EventHubConsumerGroup%")] byte[][] events,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var (eventHubName, batch) = EventHubBindingData.ReadBatch(events, context.BindingContext.BindingData, time.GetUtcNow());

        // The host checkpoints past a batch whose retries are spent: on that attempt the handler dead-letters rather than throws.
        var retry = context.RetryContext;
        return handler.HandleAsync(batch, eventHubName, cancellationToken, isFinalAttempt: retry is not null && retry.RetryCount >= retry.MaxRetryCount);
    }
}
