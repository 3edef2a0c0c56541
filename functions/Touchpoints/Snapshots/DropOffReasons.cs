namespace Touchpoints.Snapshots;

/// <summary>
/// Why customers stall at a stage, as of the end of the day: the commonest last touchpoints in the stage of the customers
/// stalled there, compared with the customers who moved on from it.
/// </summary>
/// <remarks>
/// A customer is <i>stalled</i> at a stage when it is the furthest they reached and their last touchpoint was at least
/// the snapshot's stalled days before the end of the day; they <i>moved on</i> when they reached a later stage. For both,
/// the touchpoint counted is their latest touchpoint in the stage before the end of the day (a customer whose stage was
/// only implied has none and is not counted). For a touchpoint kind <c>k</c> (event and channel):
/// <c>lift(k) = (stalled with k ÷ stalled) ÷ (moved on with k ÷ moved on)</c>.
/// </remarks>
/// <param name="Stalled">Stalled customers counted.</param>
/// <param name="MovedOn">Customers who moved on counted.</param>
/// <param name="Reasons">The commonest among the stalled, at most <see cref="MaxReasons"/>, by count then event and channel (ordinal).</param>
public sealed record DropOffReasons(long Stalled, long MovedOn, IReadOnlyList<DropOffReason> Reasons)
{
    /// <summary>The most reasons reported per stage.</summary>
    public const int MaxReasons = 5;

    /// <summary>No customers counted.</summary>
    public static DropOffReasons None { get; } = new(0, 0, []);
}
