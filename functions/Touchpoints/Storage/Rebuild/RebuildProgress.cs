namespace Touchpoints.Storage.Rebuild;

/// <summary>How far a rebuild of one funnel's journeys has come (<see cref="JourneyRebuilder"/>).</summary>
/// <param name="FunnelId">The funnel being rebuilt.</param>
/// <param name="DefinitionHash">The hash of the definition the journeys are rebuilt to.</param>
/// <param name="BucketCount">How many bucket partitions there are in all.</param>
/// <param name="ResumedAt">The first bucket this run rebuilt: 0 for a fresh start, else the buckets a checkpoint said were done.</param>
/// <param name="BucketsDone">Buckets completed, counting those a checkpoint skipped.</param>
/// <param name="CustomersRebuilt">Customers whose journey this run wrote or removed.</param>
/// <param name="JourneysRemoved">Journeys this run removed because their customer's timeline holds no touchpoint any more.</param>
/// <param name="RowsRead">Table rows this run read (timeline keys, timeline bodies and journey rows).</param>
/// <param name="Conflicts">Customers redone because another writer changed their journey between the rebuild's read and its write.</param>
public sealed record RebuildProgress(
    string FunnelId,
    string DefinitionHash,
    int BucketCount,
    int ResumedAt,
    int BucketsDone,
    long CustomersRebuilt,
    long JourneysRemoved,
    long RowsRead,
    long Conflicts)
{
    /// <summary>Whether every bucket is rebuilt.</summary>
    public bool IsComplete => BucketsDone == BucketCount;
}
