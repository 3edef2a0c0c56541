namespace Touchpoints.Journeys;

/// <summary>
/// The earliest occurrences of an event that occurrence rules count ("the second order is retention"). Only the
/// occurrences whose rank can still change the stage they reach are kept: a late-arriving earlier occurrence pushes
/// the latest of them past the last counted rank, where its stage is settled for good.
/// </summary>
internal sealed class RankedEvent
{
    public RankedEvent(string key, sbyte[] stagesByRank)
    {
        Key = key;
        StagesByRank = stagesByRank;
    }

    /// <summary>The event key (<see cref="FunnelDefinition.EventKey"/>).</summary>
    public string Key { get; }

    /// <summary>The stage the r-th occurrence reaches through occurrence rules (index r-1), -1 for none.</summary>
    public sbyte[] StagesByRank { get; }

    /// <summary>The earliest occurrences, ascending, at most <c>StagesByRank.Length - 1</c>, with the stage their content alone reaches.</summary>
    public List<(TouchMark Mark, sbyte BaseStage)> Earliest { get; } = [];

    /// <summary>How many occurrences are kept before the rest settle.</summary>
    public int Capacity => StagesByRank.Length - 1;

    /// <summary>The stage of the occurrence of the given 0-based rank whose content reaches <paramref name="baseStage"/>.</summary>
    public int StageAt(int rank, int baseStage) => Math.Max(baseStage, StagesByRank[Math.Min(rank, StagesByRank.Length - 1)]);
}
