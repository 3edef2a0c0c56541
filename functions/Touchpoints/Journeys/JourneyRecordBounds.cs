using System.Text;
using Touchpoints.Ingest;

namespace Touchpoints.Journeys;

/// <summary>
/// The largest encoding <see cref="JourneyRecordCodec"/> can produce for a funnel, from the record's bounds and the
/// funnel's shape: every id at its longest in 3-byte UTF-8 characters, every count and time at its widest varint,
/// every bounded history full. The stages and the fixed histories give a base of about 75 KB for 32 stages; each event
/// an occurrence rule counts adds up to (its largest occurrence − 1) kept occurrences of about 800 bytes each, so a
/// funnel with many occurrence rules is what can outgrow a journey row (<see cref="MaxStoredBytes"/>).
/// </summary>
internal static class JourneyRecordBounds
{
    /// <summary>What a journey row holds: <see cref="Storage.JourneyEntity.MaxChunks"/> binary properties of 64 KiB.</summary>
    public const int MaxStoredBytes = Storage.JourneyEntity.MaxChunks * Storage.JourneyEntity.MaxChunkBytes;

    private const int MaxVarint32Bytes = 5;
    private const int MaxVarint64Bytes = 10;
    private const int MaxUtf8BytesPerChar = 3;

    /// <summary>A touch mark: presence byte, time, message id, channel code.</summary>
    public static readonly int MarkBytes = 1 + MaxVarint64Bytes + StringBytes(TouchpointLimits.MaxIdLength * MaxUtf8BytesPerChar) + 1;

    /// <summary>The worst case of a funnel's records, occurrence rules included.</summary>
    public static long WorstCaseBytes(FunnelDefinition funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in funnel.Rules)
        {
            if (rule.Occurrence is int occurrence)
            {
                var key = FunnelDefinition.EventKey(rule.Events[0]);
                ranks[key] = Math.Max(occurrence, ranks.GetValueOrDefault(key));
            }
        }

        return WorstCaseBytes(funnel.Id, funnel.Stages.Count, ranks);
    }

    /// <summary>The worst case of records of a funnel id with a stage count and, per event key occurrence rules count, the largest occurrence named.</summary>
    public static long WorstCaseBytes(string funnelId, int stageCount, IReadOnlyDictionary<string, int> largestOccurrenceByEvent)
    {
        ArgumentNullException.ThrowIfNull(funnelId);
        ArgumentNullException.ThrowIfNull(largestOccurrenceByEvent);
        long size = 1                                                                   // revision
            + StringBytes(Encoding.UTF8.GetByteCount(funnelId))
            + StringBytes(TouchpointLimits.MaxIdLength * MaxUtf8BytesPerChar)           // customer id as sent
            + 1                                                                         // anonymous flag
            + VarintBytes(stageCount) + MaxVarint32Bytes + MaxVarint64Bytes             // stage count, conversion, touch count
            + (2L * MarkBytes)                                                          // first and last
            + ((long)stageCount * (MaxVarint32Bytes + MarkBytes + MaxVarint64Bytes))    // per stage: count, first, last time
            + VarintBytes(largestOccurrenceByEvent.Count);
        foreach (var (eventKey, occurrence) in largestOccurrenceByEvent)
        {
            size += RankedEventBytes(eventKey, occurrence);
        }

        size += VarintBytes(JourneyRecord.MaxSegmentChanges)
            + ((long)JourneyRecord.MaxSegmentChanges * (MarkBytes + StringBytes(TouchpointLimits.MaxSegmentLength * MaxUtf8BytesPerChar)));
        size += VarintBytes(JourneyRecord.MaxSurveyAnswers) + ((long)JourneyRecord.MaxSurveyAnswers * (MarkBytes + 2));

        // Slots are ints kept sorted: the first may be negative (a 64-bit varint), the gaps after it fit 32 bits.
        size += VarintBytes(JourneyRecord.MaxActiveSlots) + MaxVarint64Bytes + ((long)(JourneyRecord.MaxActiveSlots - 1) * MaxVarint32Bytes);
        size += VarintBytes(JourneyRecord.RecentWindow) + ((long)JourneyRecord.RecentWindow * (MaxVarint64Bytes + sizeof(ulong)));

        // The latest touchpoints per stage: stage, time, id hash, channel, event name.
        var stageTouches = (long)stageCount * JourneyRecord.MaxStageTouches;
        size += VarintBytes(stageTouches) + (stageTouches * (1 + MaxVarint64Bytes + sizeof(ulong) + 1 + StringBytes(JourneyRecord.MaxStageTouchEventLength * MaxUtf8BytesPerChar)));

        // The attribution trail: a campaign for each mark the record refers to (the first, each stage's first, every
        // kept occurrence), and the window of latest touchpoints with their channel and campaign.
        var campaignBytes = StringBytes(AttributionTrail.MaxCampaignLength * MaxUtf8BytesPerChar);
        var referencedMarks = 1L + stageCount;
        foreach (var occurrence in largestOccurrenceByEvent.Values)
        {
            referencedMarks += occurrence - 1;
        }

        size += MaxVarint32Bytes + (referencedMarks * (MaxVarint64Bytes + sizeof(ulong) + campaignBytes));
        size += VarintBytes(AttributionTrail.WindowSize) + ((long)AttributionTrail.WindowSize * (MaxVarint64Bytes + sizeof(ulong) + 1 + campaignBytes));
        return size;
    }

    /// <summary>
    /// What counting one event by occurrence adds: its key, the stage of each rank up to the largest occurrence, and up
    /// to one occurrence fewer kept marks with their base stage.
    /// </summary>
    public static long RankedEventBytes(string eventKey, int largestOccurrence)
    {
        ArgumentNullException.ThrowIfNull(eventKey);
        var kept = largestOccurrence - 1;
        return StringBytes(Encoding.UTF8.GetByteCount(eventKey))
            + VarintBytes(largestOccurrence) + largestOccurrence
            + VarintBytes(kept) + ((long)kept * (MarkBytes + 1));
    }

    private static int StringBytes(int utf8Bytes) => VarintBytes(utf8Bytes) + utf8Bytes;

    private static int VarintBytes(long value)
    {
        var bytes = 1;
        for (var rest = (ulong)value >> 7; rest != 0; rest >>= 7)
        {
            bytes++;
        }

        return bytes;
    }
}
