namespace Touchpoints.Snapshots;

/// <summary>One day's snapshot, computed and written.</summary>
/// <param name="Snapshot">The figures.</param>
/// <param name="RecordsScanned">Journey records read to compute it (the funnel's records at the time of the run, whatever their dates).</param>
/// <param name="BlobNames">The blobs written, in the order written.</param>
public sealed record SnapshotResult(FunnelSnapshot Snapshot, long RecordsScanned, IReadOnlyList<string> BlobNames);
