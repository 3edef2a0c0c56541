using Touchpoints.Journeys;

namespace Touchpoints.Snapshots;

/// <summary>
/// The aggregators of several days of one funnel, fed by one pass over the journey records: a scheduled run recomputes
/// yesterday and the late-data window, and a backfill a run of days, with one read of each record.
/// </summary>
internal sealed class FunnelScanAggregate
{
    private readonly FunnelDayAggregator[] _days;

    private readonly FunnelDefinition _funnel;

    public FunnelScanAggregate(IReadOnlyList<SnapshotDay> days, FunnelDefinition funnel, int stalledDays)
    {
        ArgumentNullException.ThrowIfNull(days);
        _funnel = funnel ?? throw new ArgumentNullException(nameof(funnel));
        _days = new FunnelDayAggregator[days.Count];
        for (var i = 0; i < days.Count; i++)
        {
            _days[i] = new FunnelDayAggregator(days[i], funnel, stalledDays);
        }
    }

    /// <summary>Journey records read (whatever their dates).</summary>
    public long RecordsScanned { get; private set; }

    /// <summary>Rows that held no readable journey record.</summary>
    public long RecordsDamaged { get; private set; }

    /// <summary>The per-day aggregators, in the order the days were given.</summary>
    public IReadOnlyList<FunnelDayAggregator> Days => _days;

    /// <summary>Adds one record to every day.</summary>
    public void Add(JourneyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        RecordsScanned++;
        var stages = record.Stages;
        var touches = record.StageTouches(_funnel);
        for (var i = 0; i < _days.Length; i++)
        {
            _days[i].Add(record, stages, touches);
        }
    }

    /// <summary>Counts a row that could not be decoded.</summary>
    public void AddDamaged() => RecordsDamaged++;

    /// <summary>Adds another aggregate of the same days.</summary>
    public void Merge(FunnelScanAggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        RecordsScanned += other.RecordsScanned;
        RecordsDamaged += other.RecordsDamaged;
        for (var i = 0; i < _days.Length; i++)
        {
            _days[i].Merge(other._days[i]);
        }
    }
}
