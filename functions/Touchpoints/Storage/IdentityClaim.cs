namespace Touchpoints.Storage;

/// <summary>
/// The identify or alias that links an anonymous id to a user, ordered by event time, then message id. Of all the
/// claims on one anonymous id, the smallest wins, whatever order they arrive in (invariant 1).
/// </summary>
/// <param name="At">The claim's event time.</param>
/// <param name="MessageId">The claim's message id.</param>
internal readonly record struct IdentityClaim(DateTimeOffset At, string MessageId) : IComparable<IdentityClaim>
{
    public int CompareTo(IdentityClaim other)
    {
        var byTime = At.CompareTo(other.At);
        return byTime != 0 ? byTime : string.CompareOrdinal(MessageId, other.MessageId);
    }

    public static bool operator <(IdentityClaim left, IdentityClaim right) => left.CompareTo(right) < 0;

    public static bool operator >(IdentityClaim left, IdentityClaim right) => left.CompareTo(right) > 0;

    public static bool operator <=(IdentityClaim left, IdentityClaim right) => left.CompareTo(right) <= 0;

    public static bool operator >=(IdentityClaim left, IdentityClaim right) => left.CompareTo(right) >= 0;
}
