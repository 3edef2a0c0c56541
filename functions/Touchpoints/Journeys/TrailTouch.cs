namespace Touchpoints.Journeys;

/// <summary>One of the latest touchpoints in a journey's attribution window.</summary>
/// <param name="AtMs">Event time, Unix milliseconds.</param>
/// <param name="IdHash">The message id's hash, which orders touchpoints of the same millisecond.</param>
/// <param name="Attribution">Its channel and campaign.</param>
internal readonly record struct TrailTouch(long AtMs, ulong IdHash, TouchAttribution Attribution)
{
    public int CompareTo(TrailTouch other) => AtMs != other.AtMs ? AtMs.CompareTo(other.AtMs) : IdHash.CompareTo(other.IdHash);
}
