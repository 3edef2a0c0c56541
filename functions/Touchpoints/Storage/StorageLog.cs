using Microsoft.Extensions.Logging;

namespace Touchpoints.Storage;

/// <summary>The storage layer's log messages. Ids and ids of customers are never logged: keys are partition and counts only.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(1001, LogLevel.Debug, "Wrote {Touchpoints} touchpoints ({Duplicates} duplicates) in {Transactions} transactions over {Partitions} partitions", EventName = "BatchWritten")]
    public static partial void BatchWritten(this ILogger logger, int touchpoints, int duplicates, int transactions, int partitions);

    [LoggerMessage(1003, LogLevel.Debug, "Partition {Partition}: {Count} timeline rows already existed; dropped as duplicates", EventName = "DuplicatesDropped")]
    public static partial void DuplicatesDropped(this ILogger logger, string partition, int count);

    [LoggerMessage(1006, LogLevel.Warning, "Transaction in partition {Partition} failed at action {Index} with HTTP {Status} {ErrorCode}", EventName = "TransactionFailed")]
    public static partial void TransactionFailed(this ILogger logger, string partition, int? index, int status, string? errorCode);

    [LoggerMessage(1007, LogLevel.Information, "Erased a customer: {Rows} rows", EventName = "CustomerErased")]
    public static partial void CustomerErased(this ILogger logger, int rows);

    [LoggerMessage(1008, LogLevel.Information, "Dead-lettered an input from {Source} as {BlobName}: {Reason}", EventName = "DeadLettered")]
    public static partial void DeadLettered(this ILogger logger, string source, string blobName, string reason);

    [LoggerMessage(1009, LogLevel.Information, "Erased {Count} dead letters of a customer", EventName = "DeadLettersErased")]
    public static partial void DeadLettersErased(this ILogger logger, int count);
}
