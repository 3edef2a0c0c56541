namespace Touchpoints.Journeys;

/// <summary>
/// A touchpoint's place in time, as journeys order it: event time in Unix milliseconds, ties broken by message id
/// (ordinal), plus the channel it came through.
/// </summary>
/// <param name="AtMs">Event time, Unix milliseconds (UTC).</param>
/// <param name="MessageId">The message id.</param>
/// <param name="Channel">The channel's compact code (<see cref="Ingest.Channels.Code"/>).</param>
public readonly record struct TouchMark(long AtMs, string MessageId, byte Channel) : IComparable<TouchMark>
{
    /// <summary>Event time as a <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset At => DateTimeOffset.FromUnixTimeMilliseconds(AtMs);

    /// <summary>The channel's name.</summary>
    public string ChannelName => Ingest.Channels.FromCode(Channel);

    /// <inheritdoc />
    public int CompareTo(TouchMark other)
    {
        var byTime = AtMs.CompareTo(other.AtMs);
        return byTime != 0 ? byTime : string.CompareOrdinal(MessageId, other.MessageId);
    }

    /// <summary>Whether <paramref name="left"/> orders before <paramref name="right"/>.</summary>
    public static bool operator <(TouchMark left, TouchMark right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> orders after <paramref name="right"/>.</summary>
    public static bool operator >(TouchMark left, TouchMark right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> orders before or with <paramref name="right"/>.</summary>
    public static bool operator <=(TouchMark left, TouchMark right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> orders after or with <paramref name="right"/>.</summary>
    public static bool operator >=(TouchMark left, TouchMark right) => left.CompareTo(right) >= 0;

    /// <summary>The earlier of two marks, either of which may be absent.</summary>
    public static TouchMark? Earlier(TouchMark? a, TouchMark? b) => a is null ? b : b is null ? a : a.Value.CompareTo(b.Value) <= 0 ? a : b;

    /// <summary>The later of two marks, either of which may be absent.</summary>
    public static TouchMark? Later(TouchMark? a, TouchMark? b) => a is null ? b : b is null ? a : a.Value.CompareTo(b.Value) >= 0 ? a : b;
}
