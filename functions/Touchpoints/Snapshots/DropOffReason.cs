namespace Touchpoints.Snapshots;

/// <summary>One last touchpoint (event and channel) common among the customers stalled at a stage.</summary>
/// <param name="Event">The event, page or screen name of the touchpoint (<c>(unknown)</c> when the record no longer holds it).</param>
/// <param name="Channel">Its channel.</param>
/// <param name="Stalled">Stalled customers whose last touchpoint in the stage was this one.</param>
/// <param name="MovedOn">Customers who moved on from the stage whose last touchpoint in it was this one.</param>
/// <param name="Lift">
/// Its share among the stalled ÷ its share among those who moved on (<see cref="DropOffReasons"/>), rounded to 3 decimals:
/// above 1, commoner before stalling than before moving on. Null when no customer who moved on had it (the ratio is unbounded).
/// </param>
public sealed record DropOffReason(string Event, string Channel, long Stalled, long MovedOn, double? Lift);
