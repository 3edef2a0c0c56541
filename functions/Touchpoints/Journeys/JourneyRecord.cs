using System.IO.Hashing;
using System.Text;
using Touchpoints.Ingest;

namespace Touchpoints.Journeys;

/// <summary>
/// One customer's journey through one funnel. Every field is a commutative, idempotent summary of the set of
/// touchpoints applied (minimums, maximums, sums, and the top-N by event time), so any order and batching of the
/// same touchpoints gives the same record, byte for byte (<see cref="JourneyRecordCodec"/>).
/// </summary>
/// <remarks>
/// Bounds, which keep a record far below Table Storage's 1 MiB entity limit (typically 0.3-0.5 KB; about 70 KB reached
/// only with 256-character multi-byte ids and message ids everywhere, 128-character segments and 32 stages):
/// the latest <see cref="MaxSegmentChanges"/> segment changes, <see cref="MaxSurveyAnswers"/> survey answers,
/// <see cref="MaxActiveSlots"/> active quarter-hours and <see cref="RecentWindow"/> recent message ids, and for each
/// event an occurrence rule counts, fewer occurrences than the largest rank a rule names. That last bound grows with the
/// funnel, so the loader rejects a funnel whose worst case (<see cref="JourneyRecordBounds"/>) would not fit a journey row.
/// </remarks>
public sealed class JourneyRecord
{
    /// <summary>Segment changes kept, latest by event time.</summary>
    public const int MaxSegmentChanges = 16;

    /// <summary>Survey answers kept, latest by event time.</summary>
    public const int MaxSurveyAnswers = 32;

    /// <summary>Active quarter-hours kept, latest first; enough for daily activity over more than a year for almost everyone.</summary>
    public const int MaxActiveSlots = 512;

    /// <summary>Recent message ids kept to recognise common replays without a storage round trip.</summary>
    public const int RecentWindow = 32;

    /// <summary>Latest touchpoints kept per stage, for drop-off reasons as of a recent day (<see cref="StageTouch"/>).</summary>
    public const int MaxStageTouches = 2;

    /// <summary>The most characters of an event name a stage touch keeps: longer names are cut, which keeps the record's worst case small.</summary>
    public const int MaxStageTouchEventLength = 64;

    /// <summary>The length of one activity slot: every UTC offset in use is a multiple of it, so days in any time zone are whole slots.</summary>
    public const long SlotMilliseconds = 15 * 60 * 1000;

    internal StageTally[] SettledStages;
    internal readonly SortedDictionary<string, RankedEvent> RankedEvents = new(StringComparer.Ordinal);
    internal readonly List<SegmentChange> SegmentChangeList = [];
    internal readonly List<SurveyAnswer> SurveyAnswerList = [];
    internal readonly List<int> ActiveSlotList = [];
    internal readonly List<(long AtMs, ulong IdHash)> RecentList = [];
    internal readonly List<StageTouch> StageTouchList = [];
    internal readonly AttributionTrail Trail = new();

    /// <summary>Creates the empty journey of a customer in a funnel.</summary>
    public JourneyRecord(FunnelDefinition funnel, string customerId, bool isAnonymous)
        : this(funnel.Id, customerId, isAnonymous, funnel.Stages.Count, funnel.ConversionStage)
    {
    }

    internal JourneyRecord(string funnelId, string customerId, bool isAnonymous, int stageCount, int conversionStage)
    {
        FunnelId = funnelId;
        CustomerId = customerId;
        IsAnonymous = isAnonymous;
        ConversionStage = conversionStage;
        SettledStages = new StageTally[stageCount];
    }

    /// <summary>The funnel's id.</summary>
    public string FunnelId { get; }

    /// <summary>The customer's id, exactly as sent.</summary>
    public string CustomerId { get; }

    /// <summary>Whether <see cref="CustomerId"/> is an anonymous id.</summary>
    public bool IsAnonymous { get; }

    /// <summary>The index of the funnel's conversion stage.</summary>
    public int ConversionStage { get; }

    /// <summary>How many distinct touchpoints were applied.</summary>
    public long TouchCount { get; internal set; }

    /// <summary>The earliest touchpoint: first seen and first-touch channel.</summary>
    public TouchMark? First { get; internal set; }

    /// <summary>The latest touchpoint: last seen and last-touch channel.</summary>
    public TouchMark? Last { get; internal set; }

    /// <summary>Per stage, in funnel order: touchpoint count, first and last time.</summary>
    public IReadOnlyList<StageTally> Stages
    {
        get
        {
            var stages = (StageTally[])SettledStages.Clone();
            foreach (var ranked in RankedEvents.Values)
            {
                for (var rank = 0; rank < ranked.Earliest.Count; rank++)
                {
                    var (mark, baseStage) = ranked.Earliest[rank];
                    var stage = ranked.StageAt(rank, baseStage);
                    if (stage >= 0)
                    {
                        stages[stage] = stages[stage].Add(mark);
                    }
                }
            }

            return stages;
        }
    }

    /// <summary>The furthest stage any touchpoint reached, or -1.</summary>
    public int FurthestStage
    {
        get
        {
            var stages = Stages;
            for (var i = stages.Count - 1; i >= 0; i--)
            {
                if (stages[i].IsReached)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>
    /// When each stage was first reached, cumulatively: reaching a later stage also reaches the earlier ones
    /// (a customer whose first touchpoint is an order has been aware since then). Null where not reached.
    /// </summary>
    public IReadOnlyList<TouchMark?> ReachedAt
    {
        get
        {
            var stages = Stages;
            var reached = new TouchMark?[stages.Count];
            TouchMark? earliest = null;
            for (var i = stages.Count - 1; i >= 0; i--)
            {
                earliest = TouchMark.Earlier(earliest, stages[i].First);
                reached[i] = earliest;
            }

            return reached;
        }
    }

    /// <summary>The touchpoint that converted: the earliest to reach the conversion stage or beyond; null if none did.</summary>
    public TouchMark? Conversion => ConversionStage >= 0 && ConversionStage < SettledStages.Length ? ReachedAt[ConversionStage] : null;

    /// <summary>Segment changes, ascending by event time (the latest <see cref="MaxSegmentChanges"/>).</summary>
    public IReadOnlyList<SegmentChange> SegmentChanges => SegmentChangeList;

    /// <summary>The latest segment, or null.</summary>
    public string? Segment => SegmentChangeList.Count == 0 ? null : SegmentChangeList[^1].Segment;

    /// <summary>Survey answers, ascending by event time (the latest <see cref="MaxSurveyAnswers"/>).</summary>
    public IReadOnlyList<SurveyAnswer> SurveyAnswers => SurveyAnswerList;

    /// <summary>The latest NPS answer, or null.</summary>
    public int? LatestNps => LatestScore(SurveyKind.Nps);

    /// <summary>The latest CSAT answer, or null.</summary>
    public int? LatestCsat => LatestScore(SurveyKind.Csat);

    /// <summary>
    /// The quarter-hours (Unix milliseconds / <see cref="SlotMilliseconds"/>) with at least one touchpoint, ascending
    /// (the latest <see cref="MaxActiveSlots"/>): which days, in any time zone, the customer was active.
    /// </summary>
    public IReadOnlyList<int> ActiveSlots => ActiveSlotList;

    /// <summary>The channel and campaign of the customer's first touchpoint, or null before any.</summary>
    public TouchAttribution? FirstTouch => First is { } first ? Trail.Of(first) : null;

    /// <summary>The channel and campaign of a touchpoint the record marks (the first, a stage's first, <see cref="ReachedAt"/>).</summary>
    public TouchAttribution AttributionOf(TouchMark mark) => Trail.Of(mark);

    /// <summary>
    /// The channel and campaign of the last touchpoint before <paramref name="reached"/> (a <see cref="ReachedAt"/> mark):
    /// the reaching touchpoint's own when it was the first; null when the bounded window no longer reaches back that far
    /// (<see cref="AttributionTrail.WindowSize"/>).
    /// </summary>
    public TouchAttribution? LastTouchBefore(TouchMark reached) => Trail.LastTouchBefore(reached, TouchCount);

    /// <summary>Whether the recent-id window holds this message id: a replay recognised without a storage read.</summary>
    public bool HasRecent(string messageId)
    {
        var hash = HashId(messageId);
        foreach (var (_, idHash) in RecentList)
        {
            if (idHash == hash)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Applies one touchpoint the caller knows to be new to this journey (the timeline insert is the exact duplicate
    /// check). Returns false, changing nothing, when the recent-id window shows it was already applied.
    /// </summary>
    public bool Apply(Touchpoint touchpoint, FunnelDefinition funnel)
    {
        ArgumentNullException.ThrowIfNull(touchpoint);
        ArgumentNullException.ThrowIfNull(funnel);
        if (!string.Equals(funnel.Id, FunnelId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Journey {CustomerId} belongs to funnel '{FunnelId}', not '{funnel.Id}'.", nameof(funnel));
        }

        if (HasRecent(touchpoint.MessageId))
        {
            return false;
        }

        var mark = new TouchMark(touchpoint.Timestamp.ToUnixTimeMilliseconds(), touchpoint.MessageId, Channels.Code(touchpoint.Channel));
        TouchCount++;
        First = TouchMark.Earlier(First, mark);
        Last = TouchMark.Later(Last, mark);

        var baseStage = Math.Min(funnel.BaseStage(touchpoint), SettledStages.Length - 1);
        if (funnel.TryGetOccurrenceStages(touchpoint, out var eventKey, out var stagesByRank))
        {
            if (!RankedEvents.TryGetValue(eventKey, out var ranked))
            {
                ranked = new RankedEvent(eventKey, stagesByRank);
                RankedEvents.Add(eventKey, ranked);
            }

            InsertSorted(ranked.Earliest, (Mark: mark, BaseStage: (sbyte)baseStage), static (a, b) => a.Mark.CompareTo(b.Mark));
            if (ranked.Earliest.Count > ranked.Capacity)
            {
                // Its rank can only grow from here, and every rank past the last one a rule names reaches the same stage.
                var (settledMark, settledBase) = ranked.Earliest[^1];
                ranked.Earliest.RemoveAt(ranked.Earliest.Count - 1);
                Settle(settledMark, ranked.StageAt(ranked.Capacity, settledBase), funnel.EventName(eventKey));
            }
        }
        else
        {
            Settle(mark, baseStage, EventOf(touchpoint));
        }

        var slot = (int)Math.Floor(mark.AtMs / (double)SlotMilliseconds);
        var slotIndex = ActiveSlotList.BinarySearch(slot);
        if (slotIndex < 0)
        {
            ActiveSlotList.Insert(~slotIndex, slot);
            KeepLatest(ActiveSlotList, MaxActiveSlots);
        }

        if (touchpoint.Segment is { } segment)
        {
            InsertSorted(SegmentChangeList, new SegmentChange(mark, segment), static (a, b) => a.Mark.CompareTo(b.Mark));
            KeepLatest(SegmentChangeList, MaxSegmentChanges);
        }

        if (funnel.NpsOf(touchpoint) is int nps)
        {
            InsertSorted(SurveyAnswerList, new SurveyAnswer(mark, SurveyKind.Nps, (byte)nps), CompareAnswers);
            KeepLatest(SurveyAnswerList, MaxSurveyAnswers);
        }

        if (funnel.CsatOf(touchpoint) is int csat)
        {
            InsertSorted(SurveyAnswerList, new SurveyAnswer(mark, SurveyKind.Csat, (byte)csat), CompareAnswers);
            KeepLatest(SurveyAnswerList, MaxSurveyAnswers);
        }

        InsertSorted(RecentList, (AtMs: mark.AtMs, IdHash: HashId(mark.MessageId)), static (a, b) => a.AtMs != b.AtMs ? a.AtMs.CompareTo(b.AtMs) : a.IdHash.CompareTo(b.IdHash));
        KeepLatest(RecentList, RecentWindow);
        Trail.Apply(this, mark, touchpoint.Context);
        return true;
    }

    /// <summary>A deep copy, so a failed write can retry from the state it started with.</summary>
    public JourneyRecord Clone() => JourneyRecordCodec.Decode(JourneyRecordCodec.Encode(this));

    internal static ulong HashId(string messageId) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(messageId));

    private int? LatestScore(SurveyKind kind)
    {
        for (var i = SurveyAnswerList.Count - 1; i >= 0; i--)
        {
            if (SurveyAnswerList[i].Kind == kind)
            {
                return SurveyAnswerList[i].Score;
            }
        }

        return null;
    }

    /// <summary>
    /// The latest touchpoints in each stage, ascending by stage then time: the <see cref="MaxStageTouches"/> kept of the
    /// settled ones, and the occurrences of counted events whose stage can still change, placed by their current rank.
    /// </summary>
    internal List<StageTouch> StageTouches(FunnelDefinition funnel)
    {
        var touches = new List<StageTouch>(StageTouchList);
        foreach (var ranked in RankedEvents.Values)
        {
            for (var rank = 0; rank < ranked.Earliest.Count; rank++)
            {
                var (mark, baseStage) = ranked.Earliest[rank];
                var stage = ranked.StageAt(rank, baseStage);
                if (stage >= 0)
                {
                    touches.Add(new StageTouch((sbyte)stage, mark.AtMs, HashId(mark.MessageId), mark.Channel, funnel.EventName(ranked.Key)));
                }
            }
        }

        touches.Sort(StageTouch.Compare);
        return touches;
    }

    private static string EventOf(Touchpoint touchpoint)
    {
        var name = touchpoint.RuleName is { Length: > 0 } ruleName ? ruleName : touchpoint.Type.ToString().ToLowerInvariant();
        if (name.Length <= MaxStageTouchEventLength)
        {
            return name;
        }

        // Never split a surrogate pair.
        var length = char.IsHighSurrogate(name[MaxStageTouchEventLength - 1]) ? MaxStageTouchEventLength - 1 : MaxStageTouchEventLength;
        return name[..length];
    }

    private void Settle(TouchMark mark, int stage, string eventName)
    {
        if (stage < 0)
        {
            return;
        }

        SettledStages[stage] = SettledStages[stage].Add(mark);
        var touch = new StageTouch((sbyte)stage, mark.AtMs, HashId(mark.MessageId), mark.Channel, eventName);
        InsertSorted(StageTouchList, touch, StageTouch.Compare);

        // The list is sorted by stage, then time: the stage's earliest entry sits right after the previous stage's.
        var first = StageTouchList.FindIndex(t => t.Stage == stage);
        var kept = StageTouchList.FindLastIndex(t => t.Stage == stage) - first + 1;
        if (kept > MaxStageTouches)
        {
            StageTouchList.RemoveAt(first);
        }
    }

    private static int CompareAnswers(SurveyAnswer a, SurveyAnswer b)
    {
        var byMark = a.Mark.CompareTo(b.Mark);
        return byMark != 0 ? byMark : a.Kind.CompareTo(b.Kind);
    }

    private static void InsertSorted<T>(List<T> list, T item, Comparison<T> comparison)
    {
        var index = list.Count;
        while (index > 0 && comparison(list[index - 1], item) > 0)
        {
            index--;
        }

        list.Insert(index, item);
    }

    // Keeping the top N by a total order is the same whatever the order of insertion: the record stays a function of the set.
    private static void KeepLatest<T>(List<T> list, int max)
    {
        if (list.Count > max)
        {
            list.RemoveRange(0, list.Count - max);
        }
    }
}
