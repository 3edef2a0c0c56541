namespace Touchpoints.Snapshots;

/// <summary>Quantiles of a set of durations, in seconds (within 1% relative error: <see cref="DurationSketch"/>).</summary>
/// <param name="Count">How many durations.</param>
/// <param name="MedianSeconds">The median, in seconds, rounded to 0.1 s.</param>
/// <param name="P90Seconds">The 90th percentile, in seconds, rounded to 0.1 s.</param>
public sealed record DurationQuantiles(long Count, double MedianSeconds, double P90Seconds);
