using Touchpoints.Ingest;

namespace Touchpoints.Journeys;

/// <summary>
/// What a journey keeps for attribution, bounded and, like the rest of the record, a function of the set of touchpoints
/// applied (so any order gives the same bytes):
/// <list type="bullet">
/// <item>the campaign of every touchpoint the record refers to (the first touchpoint, each stage's first, the kept
/// occurrences of counted events): with the channel those marks already carry, first-touch and converting attribution
/// are exact;</item>
/// <item>the channel and campaign of the latest <see cref="WindowSize"/> touchpoints, from which the last touchpoint
/// before a stage was reached is read. It is exact whenever that touchpoint is among the customer's latest
/// <see cref="WindowSize"/> (always, for a customer with no more touchpoints than that); otherwise it is unknown.</item>
/// </list>
/// </summary>
internal sealed class AttributionTrail
{
    /// <summary>The latest touchpoints kept for last-touch attribution.</summary>
    public const int WindowSize = 32;

    /// <summary>The longest campaign name kept; longer ones are cut.</summary>
    public const int MaxCampaignLength = 32;

    // Keyed by time and message id hash, not the mark: a message id can take 768 bytes, a campaign at most 96.
    internal readonly SortedDictionary<(long AtMs, ulong IdHash), string> CampaignByMark = new();
    internal readonly List<TrailTouch> Window = [];

    /// <summary>Records a touchpoint the record has just applied (its marks already updated).</summary>
    public void Apply(JourneyRecord record, TouchMark mark, TouchpointContext? context)
    {
        var campaign = TouchpointContext.Bound(context?.CampaignName, MaxCampaignLength);
        if (campaign is not null)
        {
            CampaignByMark[Key(mark)] = campaign;
        }

        Prune(record);

        var touch = new TrailTouch(mark.AtMs, JourneyRecord.HashId(mark.MessageId), new TouchAttribution(mark.Channel, campaign));
        var index = Window.Count;
        while (index > 0 && Window[index - 1].CompareTo(touch) > 0)
        {
            index--;
        }

        Window.Insert(index, touch);
        if (Window.Count > WindowSize)
        {
            Window.RemoveRange(0, Window.Count - WindowSize);
        }
    }

    /// <summary>The channel and campaign of a touchpoint the record refers to.</summary>
    public TouchAttribution Of(TouchMark mark) => new(mark.Channel, CampaignByMark.GetValueOrDefault(Key(mark)));

    private static (long AtMs, ulong IdHash) Key(TouchMark mark) => (mark.AtMs, JourneyRecord.HashId(mark.MessageId));

    /// <summary>
    /// The channel and campaign of the last touchpoint before <paramref name="reached"/> (strictly earlier in time); the
    /// reaching touchpoint's own when it was the customer's first; null when the window no longer reaches back that far.
    /// </summary>
    public TouchAttribution? LastTouchBefore(TouchMark reached, long touchCount)
    {
        TrailTouch? latest = null;
        for (var i = 0; i < Window.Count && Window[i].AtMs < reached.AtMs; i++)
        {
            latest = Window[i];
        }

        if (latest is { } touch)
        {
            return touch.Attribution;
        }

        // Nothing earlier in the window: exact only when the window holds every touchpoint the journey has.
        return Window.Count >= touchCount ? Of(reached) : null;
    }

    // Only marks the record still refers to keep a campaign: a mark it dropped (a stage's first replaced by an earlier
    // one) is never referred to again, so what is kept depends on the set of touchpoints alone.
    private void Prune(JourneyRecord record)
    {
        if (CampaignByMark.Count == 0)
        {
            return;
        }

        var referenced = new HashSet<(long, ulong)>();
        if (record.First is { } first)
        {
            referenced.Add(Key(first));
        }

        foreach (var stage in record.SettledStages)
        {
            if (stage.First is { } stageFirst)
            {
                referenced.Add(Key(stageFirst));
            }
        }

        foreach (var ranked in record.RankedEvents.Values)
        {
            foreach (var (rankedMark, _) in ranked.Earliest)
            {
                referenced.Add(Key(rankedMark));
            }
        }

        List<(long, ulong)>? stale = null;
        foreach (var mark in CampaignByMark.Keys)
        {
            if (!referenced.Contains(mark))
            {
                (stale ??= []).Add(mark);
            }
        }

        if (stale is not null)
        {
            foreach (var mark in stale)
            {
                CampaignByMark.Remove(mark);
            }
        }
    }
}
