using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Touchpoints.Hosting;
using Touchpoints.Ingest;
using Touchpoints.Journeys;

namespace Touchpoints.Snapshots;

/// <summary>
/// Computes daily funnel snapshots from the stored journey records and writes them to Blob Storage. Used by the
/// Functions timer, the local server's scheduler, the HTTP handlers and the operator CLI alike.
/// </summary>
public sealed class FunnelSnapshotJob
{
    /// <summary>The most days one range (a backfill) may cover.</summary>
    public const int MaxRangeDays = 366;

    /// <summary>Days computed from one pass over the records; bounds the memory of a long backfill.</summary>
    internal const int DaysPerScan = 31;

    private readonly TableServiceClient _tables;
    private readonly ISnapshotStore _store;
    private readonly FunnelCatalog _catalog;
    private readonly TouchpointOptions _options;
    private readonly SnapshotOptions _snapshotOptions;
    private readonly TimeZoneInfo _zone;
    private readonly ILogger _logger;
    private readonly IFilteredTouchpointStore? _filtered;
    private readonly SnapshotMetrics? _metrics;

    internal FunnelSnapshotJob(
        TableServiceClient tables,
        ISnapshotStore store,
        FunnelCatalog catalog,
        IOptions<TouchpointOptions> options,
        IOptions<SnapshotOptions> snapshotOptions,
        ILogger<FunnelSnapshotJob> logger,
        IFilteredTouchpointStore? filtered = null,
        SnapshotMetrics? metrics = null)
    {
        _filtered = filtered;
        _metrics = metrics;
        _tables = tables ?? throw new ArgumentNullException(nameof(tables));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _snapshotOptions = (snapshotOptions ?? throw new ArgumentNullException(nameof(snapshotOptions))).Value;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _zone = _snapshotOptions.ResolveTimeZone();
    }

    /// <summary>The funnels snapshots are computed for.</summary>
    public FunnelCatalog Catalog => _catalog;

    /// <summary>The day it is in the configured time zone at an instant.</summary>
    public DateOnly DateAt(DateTimeOffset instant) => SnapshotDay.DateAt(instant, _zone);

    /// <summary>
    /// The scheduled run of the occurrence of <see cref="SnapshotOptions.Schedule"/> that <paramref name="firedAt"/>
    /// belongs to (<see cref="SnapshotOptions.OccurrenceOf"/>), so both hosts, and a retry of either, snapshot the same
    /// days for the same occurrence whatever the clock says when the run starts.
    /// </summary>
    /// <param name="firedAt">When the timer fired, or the retry started.</param>
    /// <param name="cancellationToken">Stops the run; nothing is written after it is cancelled.</param>
    /// <returns>Every day written, by funnel and date.</returns>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public Task<IReadOnlyList<SnapshotResult>> RunOccurrenceAsync(DateTimeOffset firedAt, CancellationToken cancellationToken) =>
        RunScheduledAsync(_snapshotOptions.OccurrenceOf(firedAt), cancellationToken);

    /// <summary>
    /// The scheduled run: for every funnel, yesterday's snapshot (in the configured time zone) and the
    /// <see cref="SnapshotOptions.LateDays"/> days before it again, so late touchpoints reach their day.
    /// </summary>
    /// <param name="now">The run's time (the timer's, not the clock's, so a late run still covers the day it was for).</param>
    /// <param name="cancellationToken">Stops the run; nothing is written after it is cancelled.</param>
    /// <returns>Every day written, by funnel and date.</returns>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task<IReadOnlyList<SnapshotResult>> RunScheduledAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var yesterday = DateAt(now).AddDays(-1);
        var from = yesterday.AddDays(-_snapshotOptions.LateDays);
        _logger.ScheduledRunStarted(now, from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), _catalog.Funnels.Count);
        var results = new List<SnapshotResult>();
        foreach (var funnel in _catalog.Funnels)
        {
            results.AddRange(await RunDaysAsync(funnel, from, yesterday, null, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Computes and writes one day of one funnel.</summary>
    /// <exception cref="ArgumentException">No funnel has the id.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task<SnapshotResult> RunAsync(string funnelId, DateOnly day, CancellationToken cancellationToken)
    {
        var results = await RunDaysAsync(Funnel(funnelId), day, day, null, cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>
    /// Computes and writes every day from <paramref name="from"/> to <paramref name="to"/>, inclusive (a backfill), reading
    /// the records once per <c>31</c> days.
    /// </summary>
    /// <param name="funnelId">The funnel.</param>
    /// <param name="from">The first day.</param>
    /// <param name="to">The last day, on or after <paramref name="from"/>, at most <see cref="MaxRangeDays"/> days in all.</param>
    /// <param name="progress">Told about each day once it is written.</param>
    /// <param name="cancellationToken">Stops the run; days already written stay.</param>
    /// <exception cref="ArgumentException">No funnel has the id.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is reversed or too long.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public Task<IReadOnlyList<SnapshotResult>> RunRangeAsync(string funnelId, DateOnly from, DateOnly to, IProgress<SnapshotResult>? progress, CancellationToken cancellationToken)
    {
        var funnel = Funnel(funnelId);
        var days = to.DayNumber - from.DayNumber + 1;
        if (days < 1 || days > MaxRangeDays)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"The range {from:yyyy-MM-dd} to {to:yyyy-MM-dd} must run forward and cover at most {MaxRangeDays} days.");
        }

        return RunDaysAsync(funnel, from, to, progress, cancellationToken);
    }

    /// <summary>Computes days without writing them.</summary>
    internal async Task<(IReadOnlyList<FunnelSnapshot> Snapshots, long RecordsScanned)> ComputeAsync(FunnelDefinition funnel, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var days = new List<SnapshotDay>();
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            days.Add(SnapshotDay.Of(date, _zone));
        }

        var stalledDays = _snapshotOptions.StalledDays;
        var table = _tables.GetTableClient(_options.TableName);
        var aggregate = await JourneyScanner.ScanAsync(
            table, funnel, _options.BucketCount, () => new FunnelScanAggregate(days, funnel, stalledDays), _logger, cancellationToken).ConfigureAwait(false);
        var snapshots = aggregate.Days.Select(day => day.ToSnapshot(funnel, _snapshotOptions.TimeZone, stalledDays, _snapshotOptions.TopCampaigns)).ToArray();
        if (_filtered is not null)
        {
            for (var i = 0; i < snapshots.Length; i++)
            {
                var counts = await _filtered.CountAsync(snapshots[i].Start, snapshots[i].End, cancellationToken).ConfigureAwait(false);
                snapshots[i] = snapshots[i] with { Filtered = [.. counts.Select(static c => new KeyCount(c.Key, c.Value))] };
            }
        }

        return (snapshots, aggregate.RecordsScanned);
    }

    private async Task<IReadOnlyList<SnapshotResult>> RunDaysAsync(FunnelDefinition funnel, DateOnly from, DateOnly to, IProgress<SnapshotResult>? progress, CancellationToken cancellationToken)
    {
        using var activity = TouchpointTelemetry.ActivitySource.StartActivity("touchpoints.snapshot run", ActivityKind.Internal);
        activity?.SetTag("touchpoints.funnel", funnel.Id);
        activity?.SetTag("touchpoints.days", to.DayNumber - from.DayNumber + 1);
        var started = Stopwatch.GetTimestamp();
        var results = new List<SnapshotResult>();
        for (var chunkStart = from; chunkStart <= to; chunkStart = chunkStart.AddDays(DaysPerScan))
        {
            var chunkEnd = chunkStart.AddDays(DaysPerScan - 1) < to ? chunkStart.AddDays(DaysPerScan - 1) : to;
            var (snapshots, scanned) = await ComputeAsync(funnel, chunkStart, chunkEnd, cancellationToken).ConfigureAwait(false);
            foreach (var snapshot in snapshots)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var names = await _store.WriteAsync(snapshot, scanned, cancellationToken).ConfigureAwait(false);
                var result = new SnapshotResult(snapshot, scanned, names);
                _logger.SnapshotWritten(funnel.Id, snapshot.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), snapshot.Customers, scanned);
                results.Add(result);
                progress?.Report(result);
            }
        }

        _metrics?.Ran(funnel.Id, results.Count, Stopwatch.GetElapsedTime(started));
        return results;
    }

    private FunnelDefinition Funnel(string funnelId) =>
        _catalog.Find(funnelId) ?? throw new ArgumentException($"No funnel '{funnelId}' is configured; known: {string.Join(", ", _catalog.Funnels.Select(static f => f.Id))}.", nameof(funnelId));
}
