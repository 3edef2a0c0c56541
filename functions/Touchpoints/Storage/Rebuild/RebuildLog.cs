using Microsoft.Extensions.Logging;

namespace Touchpoints.Storage.Rebuild;

internal static partial class RebuildLog
{
    [LoggerMessage(1201, LogLevel.Information, "Rebuilding funnel {FunnelId} to definition {DefinitionHash} from bucket {FirstBucket} of {BucketCount}", EventName = "RebuildStarted")]
    public static partial void RebuildStarted(this ILogger logger, string funnelId, string definitionHash, int firstBucket, int bucketCount);

    [LoggerMessage(1202, LogLevel.Information, "Rebuilt partition {Partition} of funnel {FunnelId}: {Customers} customers, {Removed} journeys removed", EventName = "BucketRebuilt")]
    public static partial void BucketRebuilt(this ILogger logger, string partition, string funnelId, long customers, long removed);

    [LoggerMessage(1203, LogLevel.Debug, "Partition {Partition}: a journey changed while it was rebuilt; reading it again", EventName = "RebuildConflict")]
    public static partial void RebuildConflict(this ILogger logger, string partition);
}
