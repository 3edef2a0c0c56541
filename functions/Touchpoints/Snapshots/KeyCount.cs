namespace Touchpoints.Snapshots;

/// <summary>A count for one value of a dimension.</summary>
/// <param name="Key">The dimension's value.</param>
/// <param name="Count">The count.</param>
public sealed record KeyCount(string Key, long Count);
