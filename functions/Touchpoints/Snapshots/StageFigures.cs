namespace Touchpoints.Snapshots;

/// <summary>One stage's figures in a daily snapshot, all as of the end of the day.</summary>
/// <param name="Index">The stage's position in the funnel, from 0.</param>
/// <param name="Name">The stage's name.</param>
/// <param name="Reached">Customers who had reached the stage (or a later one) by the end of the day.</param>
/// <param name="Current">Customers whose furthest stage at the end of the day was this one.</param>
/// <param name="Entered">Customers who first reached the stage during the day.</param>
/// <param name="Conversion">Reached ÷ reached of the previous stage, rounded to 4 decimals; null for the first stage or when the previous stage has none.</param>
/// <param name="DropOff">1 - <paramref name="Conversion"/>, rounded to 4 decimals; null when the conversion is.</param>
/// <param name="TimeToReach">Time from reaching the previous stage to reaching this one, over the customers who reached this one; null for the first stage or when none did.</param>
/// <param name="Stalled">Customers currently in this stage whose last touchpoint was at least the configured number of days before the end of the day.</param>
public sealed record StageFigures(
    int Index,
    string Name,
    long Reached,
    long Current,
    long Entered,
    double? Conversion,
    double? DropOff,
    DurationQuantiles? TimeToReach,
    long Stalled);
