namespace Touchpoints.Snapshots;

/// <summary>Customers who reached each stage by the end of the day, among those with one value of a dimension (a channel, a segment).</summary>
/// <param name="Key">The dimension's value.</param>
/// <param name="Reached">Per stage, in funnel order.</param>
public sealed record Breakdown(string Key, IReadOnlyList<long> Reached);
