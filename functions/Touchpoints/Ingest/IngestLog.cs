using Microsoft.Extensions.Logging;

namespace Touchpoints.Ingest;

/// <summary>
/// Log messages of the entries (pixel, JSON API, Event Hubs). They name fields, reasons and positions, never ids,
/// addresses or values: a log is not a place for personal data.
/// </summary>
internal static partial class IngestLog
{
    [LoggerMessage(4001, LogLevel.Warning, "Event Hubs event {EventHub}/{PartitionId}#{SequenceNumber} dead-lettered: {Reason}; fields {Fields}", EventName = "EventDeadLettered")]
    public static partial void EventDeadLettered(this ILogger logger, string? eventHub, string? partitionId, long sequenceNumber, string reason, string fields);

    [LoggerMessage(4002, LogLevel.Debug, "Event Hubs batch of {Events} events from {EventHub}: {Applied} applied, {Duplicates} duplicates, {DeadLettered} dead-lettered", EventName = "EventBatchHandled")]
    public static partial void EventBatchHandled(this ILogger logger, int events, string? eventHub, int applied, int duplicates, int deadLettered);

    [LoggerMessage(4003, LogLevel.Warning, "Pixel input rejected ({Route}): {Reason}; fields {Fields}", EventName = "PixelRejected")]
    public static partial void PixelRejected(this ILogger logger, string route, string reason, string fields);

    [LoggerMessage(4004, LogLevel.Information, "API request rejected ({Route}) with HTTP {Status}: {Reason}; fields {Fields}", EventName = "ApiRejected")]
    public static partial void ApiRejected(this ILogger logger, string route, int status, string reason, string fields);

    [LoggerMessage(4005, LogLevel.Error, "Pixel input could not be ingested or dead-lettered ({Route}); the page still got its image", EventName = "PixelFailed")]
    public static partial void PixelFailed(this ILogger logger, Exception exception, string route);

    [LoggerMessage(4006, LogLevel.Information, "Customer erased on request: {Rows} rows, {DeadLetters} dead letters", EventName = "CustomerEraseRequested")]
    public static partial void CustomerEraseRequested(this ILogger logger, int rows, int deadLetters);

    [LoggerMessage(4007, LogLevel.Error, "Event Hubs batch of {Events} events ({EventHub}) could not be applied on the last retry; its {Touchpoints} valid events were dead-lettered instead", EventName = "EventBatchDeadLettered")]
    public static partial void EventBatchDeadLettered(this ILogger logger, Exception exception, int events, string? eventHub, int touchpoints);

    [LoggerMessage(4008, LogLevel.Critical, "Dead letter of Event Hubs event {EventHub}/{PartitionId}#{SequenceNumber} (offset {Offset}) could not be written on the last retry (failure {Failures}); trying again, so the batch is not acknowledged with the event recorded nowhere", EventName = "EventDeadLetterFailed")]
    public static partial void EventDeadLetterFailed(this ILogger logger, Exception exception, string? eventHub, string? partitionId, long sequenceNumber, string? offset, int failures);

    [LoggerMessage(4021, LogLevel.Information, "{Touchpoints} touchpoint(s) of suppressed ids refused and stored nowhere", EventName = "TouchpointsSuppressed")]
    public static partial void TouchpointsSuppressed(this ILogger logger, int touchpoints);

    [LoggerMessage(4022, LogLevel.Information, "Suppression lifted on request (was suppressed: {Lifted})", EventName = "SuppressionLifted")]
    public static partial void SuppressionLifted(this ILogger logger, bool lifted);

    [LoggerMessage(4020, LogLevel.Information, "{Touchpoints} touchpoint(s) from {Source} ({Route}) filtered as {Reason} and kept for review", EventName = "TouchpointsFiltered")]
    public static partial void TouchpointsFiltered(this ILogger logger, string source, string route, string reason, int touchpoints);

    /// <summary>The fields of some errors, for a log line: paths only, no values.</summary>
    public static string Fields(IReadOnlyList<FieldError> errors)
    {
        if (errors.Count == 0)
        {
            return "-";
        }

        var fields = new string[Math.Min(errors.Count, 10)];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = errors[i].Field;
        }

        return errors.Count > fields.Length ? string.Join(", ", fields) + $" (+{errors.Count - fields.Length})" : string.Join(", ", fields);
    }
}
