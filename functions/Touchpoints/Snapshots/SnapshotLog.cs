using Microsoft.Extensions.Logging;

namespace Touchpoints.Snapshots;

/// <summary>The snapshot job's log messages (EventIds 5001-5099).</summary>
internal static partial class SnapshotLog
{
    [LoggerMessage(5001, LogLevel.Information, "Snapshot of funnel {Funnel} for {Date} written: {Customers} customers from {Records} journey records", EventName = "SnapshotWritten")]
    public static partial void SnapshotWritten(this ILogger logger, string funnel, string date, long customers, long records);

    [LoggerMessage(5002, LogLevel.Information, "Scanned {Records} journey records of funnel {Funnel} over {Partitions} partitions for {Days} days in {ElapsedMs} ms", EventName = "FunnelScanned")]
    public static partial void FunnelScanned(this ILogger logger, string funnel, long records, int partitions, int days, long elapsedMs);

    [LoggerMessage(5003, LogLevel.Warning, "Skipped {Damaged} journey rows of funnel {Funnel} that held no readable record", EventName = "DamagedRecordsSkipped")]
    public static partial void DamagedRecordsSkipped(this ILogger logger, string funnel, long damaged);

    [LoggerMessage(5004, LogLevel.Information, "Scheduled snapshot run at {Now}: days {From} to {To} for {Funnels} funnels", EventName = "ScheduledRunStarted")]
    public static partial void ScheduledRunStarted(this ILogger logger, DateTimeOffset now, string from, string to, int funnels);

    [LoggerMessage(5005, LogLevel.Information, "Next scheduled snapshot run at {Next}", EventName = "NextRunScheduled")]
    public static partial void NextRunScheduled(this ILogger logger, DateTimeOffset next);

    [LoggerMessage(5006, LogLevel.Error, "Scheduled snapshot run failed; the next run recomputes the late-data window", EventName = "ScheduledRunFailed")]
    public static partial void ScheduledRunFailed(this ILogger logger, Exception exception);

    [LoggerMessage(5007, LogLevel.Debug, "latest.json of funnel {Funnel} already points at {Existing}, newer than {Date}; left as it is", EventName = "LatestKept")]
    public static partial void LatestKept(this ILogger logger, string funnel, string existing, string date);

    [LoggerMessage(5008, LogLevel.Information, "The journey table {Table} does not exist yet; funnel {Funnel} has no journeys", EventName = "JourneyTableMissing")]
    public static partial void JourneyTableMissing(this ILogger logger, string table, string funnel);
}
