using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Touchpoints.Snapshots;

/// <summary>
/// The local server's stand-in for the Functions timer trigger: runs <see cref="FunnelSnapshotJob.RunScheduledAsync"/>
/// on <see cref="SnapshotOptions.Schedule"/>, in UTC as the timer does on Linux, with the occurrence's time as "now".
/// </summary>
internal sealed class FunnelSnapshotScheduler : BackgroundService
{
    private readonly FunnelSnapshotJob _job;
    private readonly SnapshotOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public FunnelSnapshotScheduler(FunnelSnapshotJob job, IOptions<SnapshotOptions> options, TimeProvider time, ILogger<FunnelSnapshotScheduler> logger)
    {
        _job = job ?? throw new ArgumentNullException(nameof(job));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = _options.ResolveSchedule();
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            var next = new DateTimeOffset(DateTime.SpecifyKind(schedule.GetNextOccurrence(now.UtcDateTime), DateTimeKind.Utc));
            _logger.NextRunScheduled(next);
            try
            {
                await Task.Delay(next - now, _time, stoppingToken).ConfigureAwait(false);
                await _job.RunOccurrenceAsync(next, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping is not a failure, and the job wrote nothing after the token fired.
                return;
            }
            catch (RequestFailedException ex)
            {
                // Storage trouble must not stop the host; the next run recomputes the late-data window anyway.
                _logger.ScheduledRunFailed(ex);
            }
        }
    }
}
