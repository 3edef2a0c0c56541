using Touchpoints.Ingest;
using Touchpoints.Journeys;

namespace Touchpoints.Snapshots;

/// <summary>
/// Accumulates one funnel's figures for one day from journey records, as of the end of that day. Its size depends on
/// the funnel's stages, the channels, the segments in use and the spread of durations, never on how many customers are
/// added, so a scan streams any number of records through it. Aggregators of disjoint sets of records merge; counts and
/// sketches add, so the merged figures do not depend on the merge order.
/// </summary>
internal sealed class FunnelDayAggregator
{
    /// <summary>
    /// The most distinct segment names counted separately; later ones are counted under <see cref="OtherSegment"/>.
    /// Segments are a small business vocabulary, but they come from client traits, so a bug upstream must not make the
    /// snapshot's memory grow without bound.
    /// </summary>
    public const int MaxSegments = 500;

    /// <summary>The key of customers with no segment as of the end of the day.</summary>
    public const string NoSegment = "(none)";

    /// <summary>The key segments beyond <see cref="MaxSegments"/> are counted under.</summary>
    public const string OtherSegment = "(other)";

    private const long DayMilliseconds = 24L * 60 * 60 * 1000;

    private readonly FunnelDefinition _funnel;
    private readonly FunnelProgress _progress;
    private readonly int _stageCount;
    private readonly long _stalledMs;
    private readonly long[] _implied;
    private readonly long[] _skipped;
    private readonly long[] _eligible;
    private readonly long[] _converted;
    private readonly DropOffTally[] _dropOff;
    private readonly SurveyTally[] _satisfaction;
    private readonly SurveyTally _surveys = new();
    private readonly long[] _reached;
    private readonly long[] _current;
    private readonly long[] _entered;
    private readonly long[] _stalled;
    private readonly DurationSketch[] _timeToReach;
    private readonly long[][] _reachedByChannel;
    private readonly long[] _conversionsByChannel;
    private readonly SortedDictionary<string, long[]> _reachedBySegment = new(StringComparer.Ordinal);
    private readonly AttributionCounter _attribution;
    private long _customers;
    private long _anonymous;
    private long _active;
    private long _withoutStage;

    public FunnelDayAggregator(SnapshotDay day, FunnelDefinition funnel, int stalledDays)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        Day = day;
        _funnel = funnel;
        _progress = new FunnelProgress(funnel);
        var stageCount = funnel.Stages.Count;
        _stageCount = stageCount;
        _implied = new long[stageCount];
        _skipped = new long[stageCount];
        _eligible = new long[stageCount];
        _converted = new long[stageCount];
        _dropOff = new DropOffTally[stageCount];
        _satisfaction = new SurveyTally[stageCount];
        _stalledMs = stalledDays * DayMilliseconds;
        _reached = new long[stageCount];
        _current = new long[stageCount];
        _entered = new long[stageCount];
        _stalled = new long[stageCount];
        _timeToReach = new DurationSketch[stageCount];
        for (var i = 0; i < stageCount; i++)
        {
            _timeToReach[i] = new DurationSketch();
            _dropOff[i] = new DropOffTally();
            _satisfaction[i] = new SurveyTally();
        }

        _reachedByChannel = new long[Channels.All.Count][];
        for (var i = 0; i < _reachedByChannel.Length; i++)
        {
            _reachedByChannel[i] = new long[stageCount];
        }

        _conversionsByChannel = new long[Channels.All.Count];
        _attribution = new AttributionCounter(stageCount);
    }

    /// <summary>The day.</summary>
    public SnapshotDay Day { get; }

    /// <summary>Adds one journey record.</summary>
    public void Add(JourneyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Add(record, record.Stages, record.StageTouches(_funnel));
    }

    /// <summary>Adds one journey record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="stageTallies">The record's <see cref="JourneyRecord.Stages"/>, computed once for every day a scan aggregates.</param>
    /// <param name="stageTouches">The record's latest touchpoints per stage, likewise.</param>
    internal void Add(JourneyRecord record, IReadOnlyList<StageTally> stageTallies, IReadOnlyList<StageTouch> stageTouches)
    {
        var start = Day.StartMs;
        var end = Day.EndMs;
        if (record.First is not { } first || first.AtMs >= end)
        {
            // Not known yet at the end of the day: a record is counted from its first touchpoint on.
            return;
        }

        _customers++;
        if (record.IsAnonymous)
        {
            _anonymous++;
        }

        var progress = _progress;
        progress.Compute(stageTallies, end);
        var current = progress.Furthest;
        var channel = Math.Min((int)first.Channel, _reachedByChannel.Length - 1);
        var segmentReached = SegmentCounts(SegmentAsOf(record, end));
        for (var s = 0; s < _stageCount; s++)
        {
            if (progress.Reach[s] is { } mark)
            {
                _reached[s]++;
                _attribution.Add(record, s, mark);
                _reachedByChannel[channel][s]++;
                segmentReached[s]++;
                if (mark.AtMs >= start)
                {
                    _entered[s]++;
                }

                if (progress.Implied[s])
                {
                    _implied[s]++;
                }
            }

            if (progress.Skipped[s])
            {
                _skipped[s]++;
            }

            if (progress.Eligible[s])
            {
                _eligible[s]++;
            }

            if (progress.Converted[s])
            {
                _converted[s]++;
            }

            if (progress.Timed[s])
            {
                _timeToReach[s].Add(progress.Reach[s]!.Value.AtMs - progress.Reach[progress.From[s]]!.Value.AtMs);
            }
        }

        var stalled = false;
        if (current < 0)
        {
            _withoutStage++;
        }
        else
        {
            _current[current]++;
            if (end - LastSeenBefore(record, Day) >= _stalledMs)
            {
                _stalled[current]++;
                stalled = true;
            }
        }

        CountDropOff(progress, current, stalled, stageTouches, end);

        if (IsActive(record.ActiveSlots, Day))
        {
            _active++;
        }

        if (record.ConversionStage >= 0 && record.ConversionStage < _stageCount && progress.Reach[record.ConversionStage] is { } conversion && conversion.AtMs < end)
        {
            _conversionsByChannel[Math.Min((int)conversion.Channel, _conversionsByChannel.Length - 1)]++;
        }

        var answers = record.SurveyAnswers;
        for (var i = 0; i < answers.Count; i++)
        {
            var answer = answers[i];
            if (answer.Mark.AtMs < start || answer.Mark.AtMs >= end)
            {
                continue;
            }

            _surveys.Add(answer);

            // The stage the customer was in when answering: the furthest reached before the answer itself.
            for (var s = _stageCount - 1; s >= 0; s--)
            {
                if (progress.Reach[s] is { } reached && reached < answer.Mark)
                {
                    _satisfaction[s].Add(answer);
                    break;
                }
            }
        }
    }

    // Stalled customers count at their furthest stage; every customer who reached a later stage has moved on from each
    // stage before it. Each counts by their latest touchpoint in that stage before the end of the day.
    private void CountDropOff(FunnelProgress progress, int current, bool stalled, IReadOnlyList<StageTouch> touches, long end)
    {
        for (var s = 0; s <= current; s++)
        {
            var isStalled = s == current;
            if ((isStalled && !stalled) || progress.Reach[s] is null || progress.Implied[s])
            {
                continue;
            }

            StageTouch? last = null;
            for (var i = 0; i < touches.Count; i++)
            {
                if (touches[i].Stage == s && touches[i].AtMs < end)
                {
                    last = touches[i];
                }
            }

            if (last is { } touch)
            {
                _dropOff[s].Add(touch.Event, Channels.FromCode(touch.Channel), isStalled);
            }
            else
            {
                _dropOff[s].Add(DropOffTally.Unknown, DropOffTally.Unknown, isStalled);
            }
        }
    }

    /// <summary>Adds another aggregator's figures for the same day.</summary>
    public void Merge(FunnelDayAggregator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Day != Day || other._stageCount != _stageCount)
        {
            throw new ArgumentException($"Cannot merge the aggregate of {other.Day.DateText} into {Day.DateText}.", nameof(other));
        }

        _customers += other._customers;
        _anonymous += other._anonymous;
        _active += other._active;
        _withoutStage += other._withoutStage;
        _surveys.Merge(other._surveys);
        AddInto(_implied, other._implied);
        AddInto(_skipped, other._skipped);
        AddInto(_eligible, other._eligible);
        AddInto(_converted, other._converted);
        AddInto(_reached, other._reached);
        AddInto(_current, other._current);
        AddInto(_entered, other._entered);
        AddInto(_stalled, other._stalled);
        AddInto(_conversionsByChannel, other._conversionsByChannel);
        _attribution.Merge(other._attribution);
        for (var i = 0; i < _reachedByChannel.Length; i++)
        {
            AddInto(_reachedByChannel[i], other._reachedByChannel[i]);
        }

        for (var s = 0; s < _stageCount; s++)
        {
            _timeToReach[s].Merge(other._timeToReach[s]);
            _dropOff[s].Merge(other._dropOff[s]);
            _satisfaction[s].Merge(other._satisfaction[s]);
        }

        foreach (var (segment, counts) in other._reachedBySegment)
        {
            AddInto(SegmentCounts(segment), counts);
        }
    }

    /// <summary>The snapshot of the figures.</summary>
    public FunnelSnapshot ToSnapshot(FunnelDefinition funnel, string timeZone, int stalledDays, int topCampaigns = SnapshotOptions.DefaultTopCampaigns)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        var stages = new StageFigures[_stageCount];
        for (var s = 0; s < _stageCount; s++)
        {
            double? conversion = null;
            double? dropOff = null;
            if (s > 0 && _eligible[s] > 0)
            {
                var ratio = (double)_converted[s] / _eligible[s];
                conversion = Math.Round(ratio, 4, MidpointRounding.AwayFromZero);
                dropOff = Math.Round(1 - ratio, 4, MidpointRounding.AwayFromZero);
            }

            DurationQuantiles? timeToReach = null;
            var sketch = _timeToReach[s];
            if (s > 0 && sketch.Count > 0)
            {
                timeToReach = new DurationQuantiles(sketch.Count, Seconds(sketch.Quantile(0.5)!.Value), Seconds(sketch.Quantile(0.9)!.Value));
            }

            stages[s] = new StageFigures(s, funnel.Stages[s], _reached[s], _current[s], _entered[s], conversion, dropOff, timeToReach, _stalled[s])
            {
                Optional = funnel.OptionalStages[s],
                Implied = _implied[s],
                Skipped = _skipped[s],
                Eligible = s > 0 ? _eligible[s] : 0,
                Converted = s > 0 ? _converted[s] : 0,
                DropOffReasons = _dropOff[s].ToReasons(),
                Satisfaction = new SatisfactionFigures(_satisfaction[s].Nps(), _satisfaction[s].Csat()),
            };
        }

        var byChannel = new List<Breakdown>();
        var conversions = new List<KeyCount>();
        for (var c = 0; c < _reachedByChannel.Length; c++)
        {
            if (_reachedByChannel[c].Any(static n => n > 0))
            {
                byChannel.Add(new Breakdown(Channels.FromCode((byte)c), [.. _reachedByChannel[c]]));
            }

            if (_conversionsByChannel[c] > 0)
            {
                conversions.Add(new KeyCount(Channels.FromCode((byte)c), _conversionsByChannel[c]));
            }
        }

        var bySegment = _reachedBySegment.Select(static pair => new Breakdown(pair.Key, [.. pair.Value])).ToArray();


        return new FunnelSnapshot
        {
            FunnelId = funnel.Id,
            FunnelName = funnel.Name,
            FunnelHash = funnel.Hash,
            Date = Day.Date,
            TimeZone = timeZone,
            Start = DateTimeOffset.FromUnixTimeMilliseconds(Day.StartMs),
            End = DateTimeOffset.FromUnixTimeMilliseconds(Day.EndMs),
            StalledDays = stalledDays,
            Customers = _customers,
            AnonymousCustomers = _anonymous,
            ActiveCustomers = _active,
            WithoutStage = _withoutStage,
            Stages = stages,
            ByFirstTouchChannel = byChannel,
            BySegment = bySegment,
            ConversionChannels = conversions,
            ConversionStage = funnel.ConversionStage >= 0 && funnel.ConversionStage < funnel.Stages.Count ? funnel.Stages[funnel.ConversionStage] : null,
            Nps = _surveys.Nps(),
            Csat = _surveys.Csat(),
            Mode = funnel.Mode,
            ConversionWindow = funnel.ConversionWindow,
            Attribution = _attribution.ToFigures(funnel, topCampaigns),
        };
    }

    /// <summary>The segment a record was in at an instant: the latest change before it, or <see cref="NoSegment"/>.</summary>
    internal static string SegmentAsOf(JourneyRecord record, long endMs)
    {
        var changes = record.SegmentChanges;
        for (var i = changes.Count - 1; i >= 0; i--)
        {
            if (changes[i].Mark.AtMs < endMs)
            {
                return changes[i].Segment;
            }
        }

        return NoSegment;
    }

    /// <summary>
    /// When the customer was last seen before the end of the day: the exact time of their last touchpoint when that was
    /// before the end, else the start of their latest active quarter-hour before it, else (when the bounded slot history
    /// no longer reaches back that far) their first touchpoint, the latest time known for certain.
    /// </summary>
    internal static long LastSeenBefore(JourneyRecord record, SnapshotDay day)
    {
        if (record.Last is { } last && last.AtMs < day.EndMs)
        {
            return last.AtMs;
        }

        var slots = record.ActiveSlots;
        var index = LowerBound(slots, day.EndSlot) - 1;
        var fromSlot = index >= 0 ? slots[index] * JourneyRecord.SlotMilliseconds : long.MinValue;
        return Math.Max(fromSlot, record.First?.AtMs ?? long.MinValue);
    }

    /// <summary>Whether any active slot falls in the day.</summary>
    internal static bool IsActive(IReadOnlyList<int> slots, SnapshotDay day)
    {
        var index = LowerBound(slots, day.StartSlot);
        return index < slots.Count && slots[index] < day.EndSlot;
    }

    private static int LowerBound(IReadOnlyList<int> sorted, int value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private long[] SegmentCounts(string segment)
    {
        if (!_reachedBySegment.TryGetValue(segment, out var counts))
        {
            if (_reachedBySegment.Count >= MaxSegments && !string.Equals(segment, NoSegment, StringComparison.Ordinal))
            {
                segment = OtherSegment;
                if (_reachedBySegment.TryGetValue(segment, out counts))
                {
                    return counts;
                }
            }

            counts = new long[_stageCount];
            _reachedBySegment.Add(segment, counts);
        }

        return counts;
    }

    private static double Seconds(double milliseconds) => Math.Round(milliseconds / 1000, 1, MidpointRounding.AwayFromZero);

    private static void AddInto(long[] target, long[] source)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }
}
