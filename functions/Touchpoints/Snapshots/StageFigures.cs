namespace Touchpoints.Snapshots;

/// <summary>One stage's figures in a daily snapshot, all as of the end of the day.</summary>
/// <param name="Index">The stage's position in the funnel, from 0.</param>
/// <param name="Name">The stage's name.</param>
/// <param name="Reached">Customers who had reached the stage by the end of the day: in a closed funnel, by a touchpoint in it or, for a required stage, in a later one (<see cref="Implied"/>); in an open funnel, by a touchpoint in it.</param>
/// <param name="Current">Customers whose furthest stage at the end of the day was this one.</param>
/// <param name="Entered">Customers who first reached the stage during the day.</param>
/// <param name="Conversion"><see cref="Converted"/> ÷ <see cref="Eligible"/>, rounded to 4 decimals; null for the first stage or when no customer is eligible.</param>
/// <param name="DropOff">1 - <paramref name="Conversion"/>, rounded to 4 decimals; null when the conversion is.</param>
/// <param name="TimeToReach">Time from reaching the previous stage to reaching this one, over the customers who converted with real visits at both ends (never implied ones); null for the first stage or when none did.</param>
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
    long Stalled)
{
    /// <summary>Whether the stage may be skipped (<c>"optional": true</c>).</summary>
    public bool Optional { get; init; }

    /// <summary>Of <see cref="Reached"/>, customers who reached the stage only by implication: they skipped it (closed funnels).</summary>
    public long Implied { get; init; }

    /// <summary>Customers who skipped this optional stage: reached a later stage without it. Left out of its conversion and times.</summary>
    public long Skipped { get; init; }

    /// <summary>
    /// The base of the conversion: customers who had reached the stage the step is measured from (the previous stage, passing
    /// over optional stages they skipped), less those who skipped this stage.
    /// </summary>
    public long Eligible { get; init; }

    /// <summary>Of <see cref="Eligible"/>, customers who reached this stage after it, within the conversion window if the funnel has one.</summary>
    public long Converted { get; init; }

    /// <summary>Why customers stall here (<see cref="Snapshots.DropOffReasons"/>).</summary>
    public DropOffReasons DropOffReasons { get; init; } = DropOffReasons.None;

    /// <summary>The day's survey answers of customers in this stage when answering.</summary>
    public SatisfactionFigures? Satisfaction { get; init; }
}
