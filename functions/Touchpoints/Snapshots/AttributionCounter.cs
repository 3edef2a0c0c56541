using Touchpoints.Ingest;
using Touchpoints.Journeys;

namespace Touchpoints.Snapshots;

/// <summary>
/// Counts one funnel's attribution for one day as records stream through <see cref="FunnelDayAggregator"/>. Bounded
/// like the segments: at most <see cref="MaxCampaigns"/> distinct campaign names per model and stage, later ones counted
/// under <see cref="AttributionFigures.OtherCampaigns"/>. Counters of disjoint sets of records merge by adding.
/// </summary>
internal sealed class AttributionCounter
{
    /// <summary>The most distinct campaign names counted separately per model and stage.</summary>
    public const int MaxCampaigns = 10_000;

    private const int Models = 3;
    private static readonly int UnknownChannel = Channels.All.Count;

    private readonly int _stageCount;

    // [stage * Models + model][channel code, then unknown]
    private readonly long[][] _channels;
    private readonly Dictionary<string, long>[] _campaigns;

    public AttributionCounter(int stageCount)
    {
        _stageCount = stageCount;
        _channels = new long[stageCount * Models][];
        _campaigns = new Dictionary<string, long>[stageCount * Models];
        for (var i = 0; i < _channels.Length; i++)
        {
            _channels[i] = new long[Channels.All.Count + 1];
            _campaigns[i] = new Dictionary<string, long>(StringComparer.Ordinal);
        }
    }

    /// <summary>Counts a customer who had reached <paramref name="stage"/> by the end of the day.</summary>
    public void Add(JourneyRecord record, int stage, TouchMark reached)
    {
        if (record.FirstTouch is { } first)
        {
            Count(stage, 0, first);
        }

        Count(stage, 1, record.LastTouchBefore(reached));
        Count(stage, 2, record.AttributionOf(reached));
    }

    public void Merge(AttributionCounter other)
    {
        for (var i = 0; i < _channels.Length; i++)
        {
            for (var c = 0; c < _channels[i].Length; c++)
            {
                _channels[i][c] += other._channels[i][c];
            }

            foreach (var (campaign, count) in other._campaigns[i])
            {
                AddCampaign(_campaigns[i], campaign, count);
            }
        }
    }

    public AttributionFigures ToFigures(FunnelDefinition funnel, int topCampaigns)
    {
        var stages = new StageAttribution[_stageCount];
        for (var s = 0; s < _stageCount; s++)
        {
            stages[s] = new StageAttribution(
                s, funnel.Stages[s], Model(s * Models, topCampaigns), Model((s * Models) + 1, topCampaigns), Model((s * Models) + 2, topCampaigns));
        }

        return new AttributionFigures(topCampaigns, stages);
    }

    private void Count(int stage, int model, TouchAttribution? attribution)
    {
        var slot = (stage * Models) + model;
        var channel = attribution is { } known ? Math.Min((int)known.Channel, UnknownChannel - 1) : UnknownChannel;
        _channels[slot][channel]++;
        var campaign = attribution is { } a ? a.Campaign ?? AttributionFigures.NoCampaign : AttributionFigures.Unknown;
        AddCampaign(_campaigns[slot], campaign, 1);
    }

    private static void AddCampaign(Dictionary<string, long> campaigns, string campaign, long count)
    {
        if (!campaigns.ContainsKey(campaign) && campaigns.Count >= MaxCampaigns)
        {
            campaign = AttributionFigures.OtherCampaigns;
        }

        campaigns[campaign] = campaigns.GetValueOrDefault(campaign) + count;
    }

    private AttributionModel Model(int slot, int topCampaigns)
    {
        var channels = new List<KeyCount>();
        for (var c = 0; c < _channels[slot].Length; c++)
        {
            if (_channels[slot][c] > 0)
            {
                channels.Add(new KeyCount(c == UnknownChannel ? AttributionFigures.Unknown : Channels.FromCode((byte)c), _channels[slot][c]));
            }
        }

        var named = new List<KeyCount>();
        long other = 0, none = 0, unknown = 0;
        foreach (var (campaign, count) in _campaigns[slot])
        {
            switch (campaign)
            {
                case AttributionFigures.NoCampaign:
                    none += count;
                    break;
                case AttributionFigures.Unknown:
                    unknown += count;
                    break;
                case AttributionFigures.OtherCampaigns:
                    other += count;
                    break;
                default:
                    named.Add(new KeyCount(campaign, count));
                    break;
            }
        }

        named.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Key, b.Key));
        for (var i = topCampaigns; i < named.Count; i++)
        {
            other += named[i].Count;
        }

        var campaigns = named.Take(topCampaigns).ToList();
        foreach (var (key, count) in new[] { (AttributionFigures.OtherCampaigns, other), (AttributionFigures.NoCampaign, none), (AttributionFigures.Unknown, unknown) })
        {
            if (count > 0)
            {
                campaigns.Add(new KeyCount(key, count));
            }
        }

        return new AttributionModel(channels, campaigns);
    }
}
