namespace Touchpoints.Benchmarks.Snapshots;

/// <summary>One timed step over a snapshot table: wall time, rows, and its own peak memory.</summary>
internal sealed record SnapshotMeasurement(TimeSpan Elapsed, long Rows, double PeakHeapMiB, double PeakWorkingSetMiB);
