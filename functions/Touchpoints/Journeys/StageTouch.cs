namespace Touchpoints.Journeys;

/// <summary>
/// One of the latest touchpoints that fell in a stage: what a drop-off analysis needs of it (event and channel) and
/// its place in the journey's order. Ordered by time, ties by a hash of the message id, so the kept set is a function of
/// the touchpoints, whatever order they arrive in.
/// </summary>
/// <param name="Stage">The stage index.</param>
/// <param name="AtMs">Event time, Unix milliseconds.</param>
/// <param name="IdHash">The message id's hash (<see cref="JourneyRecord.HashId"/>): the tie-break, stored instead of the id to keep records small.</param>
/// <param name="Channel">The channel's compact code.</param>
/// <param name="Event">The event (or page/screen) name, or the message type when it has none.</param>
internal readonly record struct StageTouch(sbyte Stage, long AtMs, ulong IdHash, byte Channel, string Event)
{
    /// <summary>Orders by stage, then time, then id hash.</summary>
    public static int Compare(StageTouch a, StageTouch b)
    {
        var byStage = a.Stage.CompareTo(b.Stage);
        if (byStage != 0)
        {
            return byStage;
        }

        var byTime = a.AtMs.CompareTo(b.AtMs);
        return byTime != 0 ? byTime : a.IdHash.CompareTo(b.IdHash);
    }
}
