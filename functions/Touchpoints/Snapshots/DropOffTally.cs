namespace Touchpoints.Snapshots;

/// <summary>
/// Counts the last touchpoints in one stage of stalled and moved-on customers (<see cref="DropOffReasons"/>). Its size is
/// bounded by <see cref="MaxKinds"/> whatever the number of customers: event names come from clients.
/// </summary>
internal sealed class DropOffTally
{
    /// <summary>The most distinct event and channel pairs counted apart; later ones count as <see cref="Other"/>.</summary>
    public const int MaxKinds = 500;

    /// <summary>The event name of pairs past <see cref="MaxKinds"/>.</summary>
    public const string Other = "(other)";

    /// <summary>The event and channel of a touchpoint the record no longer holds.</summary>
    public const string Unknown = "(unknown)";

    private readonly SortedDictionary<(string Event, string Channel), long[]> _counts = new(KindComparer.Instance);
    private long _stalled;
    private long _movedOn;

    /// <summary>Counts one customer's last touchpoint in the stage.</summary>
    public void Add(string eventName, string channel, bool stalled) => Add(eventName, channel, stalled ? 1 : 0, stalled ? 0 : 1);

    private void Add(string eventName, string channel, long stalled, long movedOn)
    {
        var key = (eventName, channel);
        if (!_counts.TryGetValue(key, out var counts))
        {
            if (_counts.Count >= MaxKinds)
            {
                key = (Other, Other);
                counts = _counts.GetValueOrDefault(key);
            }

            if (counts is null)
            {
                counts = new long[2];
                _counts.Add(key, counts);
            }
        }

        counts[0] += stalled;
        counts[1] += movedOn;
        _stalled += stalled;
        _movedOn += movedOn;
    }

    /// <summary>Adds another tally of the same stage and day.</summary>
    public void Merge(DropOffTally other)
    {
        foreach (var ((eventName, channel), counts) in other._counts)
        {
            Add(eventName, channel, counts[0], counts[1]);
        }
    }

    /// <summary>The figures.</summary>
    public DropOffReasons ToReasons()
    {
        if (_stalled == 0 && _movedOn == 0)
        {
            return DropOffReasons.None;
        }

        var reasons = _counts
            .Where(static pair => pair.Value[0] > 0)
            .OrderByDescending(static pair => pair.Value[0])
            .ThenBy(static pair => pair.Key, KindComparer.Instance)
            .Take(DropOffReasons.MaxReasons)
            .Select(pair => new DropOffReason(pair.Key.Event, pair.Key.Channel, pair.Value[0], pair.Value[1], Lift(pair.Value[0], pair.Value[1])))
            .ToArray();
        return new DropOffReasons(_stalled, _movedOn, reasons);
    }

    private double? Lift(long stalled, long movedOn) =>
        movedOn == 0 || _stalled == 0
            ? null
            : Math.Round((double)stalled / _stalled / ((double)movedOn / _movedOn), 3, MidpointRounding.AwayFromZero);

    private sealed class KindComparer : IComparer<(string Event, string Channel)>
    {
        public static readonly KindComparer Instance = new();

        public int Compare((string Event, string Channel) x, (string Event, string Channel) y)
        {
            var byEvent = string.CompareOrdinal(x.Event, y.Event);
            return byEvent != 0 ? byEvent : string.CompareOrdinal(x.Channel, y.Channel);
        }
    }
}
