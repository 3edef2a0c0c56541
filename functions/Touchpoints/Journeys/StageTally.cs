namespace Touchpoints.Journeys;

/// <summary>What a journey holds of one stage: how many touchpoints fell in it, the first (with its channel) and the last time.</summary>
/// <param name="Count">Touchpoints that fell in the stage.</param>
/// <param name="First">The earliest of them; null when <paramref name="Count"/> is 0.</param>
/// <param name="LastMs">Event time of the latest of them, Unix milliseconds; 0 when none.</param>
public readonly record struct StageTally(int Count, TouchMark? First, long LastMs)
{
    /// <summary>Whether any touchpoint fell in the stage.</summary>
    public bool IsReached => Count > 0;

    /// <summary>The tally with one more touchpoint.</summary>
    public StageTally Add(TouchMark mark) => new(Count + 1, TouchMark.Earlier(First, mark), Math.Max(LastMs, mark.AtMs));

    /// <summary>The tally of both sets of touchpoints.</summary>
    public StageTally Combine(StageTally other) =>
        new(Count + other.Count, TouchMark.Earlier(First, other.First), Math.Max(LastMs, other.LastMs));
}
