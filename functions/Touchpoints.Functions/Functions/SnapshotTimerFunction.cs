using Microsoft.Azure.Functions.Worker;
using Touchpoints.Hosting;
using Touchpoints.Snapshots;

namespace Touchpoints.Functions.Functions;

/// <summary>
/// The daily funnel snapshot on <c>%SnapshotSchedule%</c> (NCRONTAB, UTC). The job snapshots the days of the schedule
/// occurrence the run belongs to, not of the clock, so a retry minutes later writes the same content to the same place.
/// </summary>
public sealed class SnapshotTimerFunction(FunnelSnapshotJob job, TimeProvider time)
{
    [Function(TouchpointFunctionNames.FunnelSnapshot)]
    [ExponentialBackoffRetry(3, "00:00:30", "00:05:00")]
    public Task Run([TimerTrigger("%SnapshotSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        job.RunOccurrenceAsync(time.GetUtcNow(), cancellationToken);
}
