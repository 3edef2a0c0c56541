using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Touchpoints.Hosting;

namespace Touchpoints.Ingest;

/// <summary>
/// Handles one batch of Event Hubs events, whichever host received it. Every valid event's touchpoints go to the
/// ingestor in one call (fuller entity group transactions than event by event); every invalid event goes to the
/// dead-letter container with its reason and position, so a bad event never blocks its partition.
/// </summary>
/// <remarks>
/// A storage failure propagates: the trigger's retry policy redelivers the whole batch, which is harmless because
/// ingest is idempotent by message id (a message without one gets an id from its content). An event is all or
/// nothing, like an HTTP batch: one bad message in an event's array dead-letters the whole event. A message storage
/// refuses for its own data (<see cref="TouchpointsRejectedException"/>) dead-letters only its event, with storage's
/// reason: the rest of the batch is applied, and a retry would fail the same way.
/// </remarks>
public sealed class EventHubBatchHandler
{
    /// <summary>The dead-letter source of Event Hubs events.</summary>
    public const string Source = "eventhubs";

    // The longest wait between tries of a dead letter on the last attempt: storage that is back is used within this.
    private static readonly TimeSpan MaxDeadLetterBackoff = TimeSpan.FromSeconds(30);

    private readonly ITouchpointIngestor _ingestor;
    private readonly IDeadLetterSink _deadLetters;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<EventHubBatchHandler> _logger;
    private readonly ContextPolicy _context;
    private readonly BotScreen? _bots;

    /// <summary>
    /// Creates the handler; <paramref name="context"/> (what is kept of context and traits) defaults to <see cref="ContextPolicy.Default"/>,
    /// and without <paramref name="bots"/> nothing is filtered (an event's messages are filtered by their <c>context.userAgent</c>).
    /// </summary>
    public EventHubBatchHandler(
        ITouchpointIngestor ingestor, IDeadLetterSink deadLetters, IngestMetrics metrics, ILogger<EventHubBatchHandler> logger, ContextPolicy? context = null, BotScreen? bots = null)
    {
        _context = context ?? ContextPolicy.Default;
        _bots = bots;
        _ingestor = ingestor ?? throw new ArgumentNullException(nameof(ingestor));
        _deadLetters = deadLetters ?? throw new ArgumentNullException(nameof(deadLetters));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Ingests a batch.</summary>
    /// <param name="events">The events, in partition order.</param>
    /// <param name="eventHubName">The event hub's name, for dead letters and logs; null when unknown.</param>
    /// <param name="cancellationToken">Stops waiting; a redelivery of the batch is safe.</param>
    /// <param name="isFinalAttempt">
    /// Whether the host will not retry this batch again. The host checkpoints past a batch whose retries are spent, so
    /// on that attempt a failed ingest dead-letters the valid events with the reason instead of throwing, and a failed
    /// dead-letter write is tried again until it succeeds or <paramref name="cancellationToken"/> is cancelled: nothing
    /// accepted is dropped silently.
    /// </param>
    /// <returns>What was applied and what was dead-lettered.</returns>
    /// <exception cref="Azure.RequestFailedException">Storage failed: let the host retry the batch.</exception>
    public async Task<EventHubBatchResult> HandleAsync(IReadOnlyList<EventHubEvent> events, string? eventHubName, CancellationToken cancellationToken, bool isFinalAttempt = false)
    {
        ArgumentNullException.ThrowIfNull(events);

        // The hub's name is a source, and the partition a place in it: neither says anything about a customer.
        using var activity = TouchpointTelemetry.ActivitySource.StartActivity("touchpoints.eventhubs batch", ActivityKind.Consumer);
        activity?.SetTag("touchpoints.source", Source);
        activity?.SetTag("touchpoints.events", events.Count);
        if (eventHubName is not null)
        {
            activity?.SetTag("messaging.destination.name", eventHubName);
        }

        if (events.Count > 0 && events[0].PartitionId is { } partitionId)
        {
            activity?.SetTag("messaging.destination.partition.id", partitionId);
        }

        var touchpoints = new List<Touchpoint>(events.Count);
        var eventOf = new List<int>(events.Count);
        List<(EventHubEvent Event, TouchpointPayload Payload)>? rejected = null;
        List<FilteredTouchpoints>? filtered = null;
        for (var i = 0; i < events.Count; i++)
        {
            var item = events[i];
            var payload = TouchpointReader.Read(item.Body.Span, impliedType: null, item.EnqueuedTime, _context);
            if (payload.IsValid)
            {
                var kept = payload.Touchpoints;
                if (_bots is not null)
                {
                    (kept, var bots) = _bots.Screen(ToScreenedInput(item, eventHubName), payload.Touchpoints);
                    if (bots.Count > 0)
                    {
                        (filtered ??= []).AddRange(bots);
                    }
                }

                touchpoints.AddRange(kept);
                eventOf.AddRange(Enumerable.Repeat(i, kept.Count));
            }
            else
            {
                (rejected ??= []).Add((item, payload));
            }
        }

        var ingested = default(IngestResult);
        var failedEvents = 0;
        if (touchpoints.Count > 0)
        {
            try
            {
                ingested = await _ingestor.IngestAsync(touchpoints, cancellationToken).ConfigureAwait(false);
                _metrics.Accepted(Source, touchpoints.Count);
            }
            catch (TouchpointsRejectedException ex)
            {
                ingested = ex.Ingested;
                _metrics.Accepted(Source, touchpoints.Count - ex.Rejected.Count);
                failedEvents = await DeadLetterRefusedAsync(events, touchpoints, eventOf, ex.Rejected, eventHubName, isFinalAttempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (isFinalAttempt && ex is not OperationCanceledException)
            {
                failedEvents = await DeadLetterUnappliedAsync(events, rejected, eventHubName, ex, cancellationToken).ConfigureAwait(false);
                _logger.EventBatchDeadLettered(ex, events.Count, eventHubName, touchpoints.Count);
            }
        }

        // After the ingest, like the dead letters below, so a batch the host retries keeps its filtered touchpoints once.
        if (filtered is not null)
        {
            await _bots!.KeepAsync(eventHubName ?? Source, filtered, cancellationToken).ConfigureAwait(false);
        }

        // After the ingest, so a failed ingest that the host retries does not leave dead letters of a batch that is coming again.
        if (rejected is not null)
        {
            foreach (var (item, payload) in rejected)
            {
                var reason = payload.IsTooLarge ? "too_large" : "invalid";
                await WriteDeadLetterAsync(item, ToDeadLetter(item, payload, eventHubName), eventHubName, isFinalAttempt, cancellationToken).ConfigureAwait(false);
                _metrics.Rejected(Source, reason);
                _metrics.DeadLettered(Source);
                _logger.EventDeadLettered(eventHubName, item.PartitionId, item.SequenceNumber, reason, IngestLog.Fields(payload.Errors));
            }
        }

        var result = new EventHubBatchResult(events.Count, ingested, (rejected?.Count ?? 0) + failedEvents);
        activity?.SetTag("touchpoints.accepted", touchpoints.Count);
        activity?.SetTag("touchpoints.filtered", filtered?.Count ?? 0);
        activity?.SetTag("touchpoints.dead_lettered", result.DeadLettered);
        _logger.EventBatchHandled(events.Count, eventHubName, ingested.Applied, ingested.Duplicates, result.DeadLettered);
        return result;
    }

    // Each event holding a message storage refused for its data, with storage's reason; its other messages were applied.
    private async Task<int> DeadLetterRefusedAsync(
        IReadOnlyList<EventHubEvent> events, List<Touchpoint> touchpoints, List<int> eventOf, IReadOnlyList<RejectedTouchpoint> refused, string? eventHubName, bool isFinalAttempt,
        CancellationToken cancellationToken)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in refused)
        {
            reasons.TryAdd(item.MessageId, item.Reason);
        }

        var letters = new SortedDictionary<int, string>();
        for (var i = 0; i < touchpoints.Count; i++)
        {
            if (reasons.TryGetValue(touchpoints[i].MessageId, out var reason))
            {
                letters.TryAdd(eventOf[i], $"message {touchpoints[i].MessageId} not applied, {reason}");
            }
        }

        foreach (var (index, reason) in letters)
        {
            var item = events[index];
            await WriteDeadLetterAsync(item, ToDeadLetter(item, TouchpointPayload.Empty, eventHubName) with { Reason = reason }, eventHubName, isFinalAttempt, cancellationToken).ConfigureAwait(false);
            _metrics.Rejected(Source, "storage_rejected");
            _metrics.DeadLettered(Source);
            _logger.EventDeadLettered(eventHubName, item.PartitionId, item.SequenceNumber, "storage_rejected", "-");
        }

        return letters.Count;
    }

    // The valid events of a batch whose ingest failed for good: kept with the failure and their bodies, to be re-sent once storage is back.
    private async Task<int> DeadLetterUnappliedAsync(
        IReadOnlyList<EventHubEvent> events, List<(EventHubEvent Event, TouchpointPayload Payload)>? rejected, string? eventHubName, Exception failure, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var item in events)
        {
            if (rejected is not null && rejected.Exists(r => ReferenceEquals(r.Event, item)))
            {
                continue;
            }

            var letter = ToDeadLetter(item, TouchpointPayload.Empty, eventHubName) with
            {
                Reason = $"not applied after the last retry: {failure.GetType().Name}: {failure.Message}",
            };
            await WriteDeadLetterAsync(item, letter, eventHubName, isFinalAttempt: true, cancellationToken).ConfigureAwait(false);
            _metrics.DeadLettered(Source);
            count++;
        }

        return count;
    }

    // Before the last attempt a failed write throws: the host delivers the whole batch again. On the last attempt the
    // host checkpoints past the batch whether the invocation returns or throws, so a dead letter not written there
    // leaves its event recorded nowhere. Dead letters share the storage account with the tables, so they can fail
    // together; keep trying, with backoff and a critical log naming the event's place in its partition, until the
    // letter is written or the invocation is cancelled (host shutdown or the function timeout), which leaves the
    // batch unfinished rather than acknowledged.
    private async Task WriteDeadLetterAsync(EventHubEvent item, DeadLetter letter, string? eventHubName, bool isFinalAttempt, CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                await _deadLetters.WriteAsync(letter, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (isFinalAttempt && !cancellationToken.IsCancellationRequested)
            {
                _logger.EventDeadLetterFailed(ex, eventHubName, item.PartitionId, item.SequenceNumber, item.Offset, failures);
                var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxDeadLetterBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures - 1, 16))));
                await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static ScreenedInput ToScreenedInput(EventHubEvent item, string? eventHubName)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["sequenceNumber"] = item.SequenceNumber.ToString(CultureInfo.InvariantCulture) };
        AddIfSet(metadata, "eventHub", eventHubName);
        AddIfSet(metadata, "partitionId", item.PartitionId);
        return new ScreenedInput { Source = Source, Route = eventHubName ?? Source, Body = item.Body, ReceivedAt = item.EnqueuedTime, Metadata = metadata };
    }

    private static DeadLetter ToDeadLetter(EventHubEvent item, TouchpointPayload payload, string? eventHubName)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sequenceNumber"] = item.SequenceNumber.ToString(CultureInfo.InvariantCulture),
            ["enqueuedTime"] = item.EnqueuedTime.ToString("O", CultureInfo.InvariantCulture),
        };
        AddIfSet(metadata, "eventHub", eventHubName);
        AddIfSet(metadata, "partitionId", item.PartitionId);
        AddIfSet(metadata, "offset", item.Offset);
        AddIfSet(metadata, "partitionKey", item.PartitionKey);

        return new DeadLetter
        {
            Source = Source,
            Reason = DescribeRejection(payload),
            Errors = payload.Errors,
            Body = item.Body,
            ReceivedAt = item.EnqueuedTime,
            Metadata = metadata,
        };
    }

    /// <summary>A one-line reason for a rejected payload, naming the first problem.</summary>
    internal static string DescribeRejection(TouchpointPayload payload)
    {
        var kind = payload.IsTooLarge ? "too large" : "invalid";
        return payload.Errors.Count switch
        {
            0 => kind,
            1 => $"{kind}: {payload.Errors[0]}",
            _ => $"{kind}: {payload.Errors[0]} (and {payload.Errors.Count - 1} more)",
        };
    }

    private static void AddIfSet(Dictionary<string, string> metadata, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            metadata[key] = value;
        }
    }
}
