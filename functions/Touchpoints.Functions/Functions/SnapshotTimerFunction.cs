using Microsoft.Azure.Functions.Worker;
using Touchpoints.Snapshots;

namespace Touchpoints.Functions.Functions;

/// <summary>
/// The daily funnel snapshot on <c>%SnapshotSchedule%</c> (NCRONTAB, UTC). Retried on failure: a rerun writes the
/// same content to the same place.
/// </summary>
public sealed class SnapshotTimerFunction(FunnelSnapshotJob job, TimeProvider time)
{
    [Function("FunnelSnapshot")]
    [ExponentialBackoffRetry(3, "00:00:30", "00:05:00")]
    public Task Run([TimerTrigger("%SnapshotSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        job.RunScheduledAsync(time.GetUtcNow(), cancellationToken);
}
