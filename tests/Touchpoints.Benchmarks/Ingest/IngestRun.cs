using Touchpoints.Storage.Rules;

namespace Touchpoints.Benchmarks.Ingest;

/// <summary>One timed pass of touchpoints through the Event Hubs handler: wall and CPU time, and what storage saw.</summary>
internal sealed record IngestRun(
    int Touchpoints,
    TimeSpan Elapsed,
    TimeSpan Cpu,
    long Transactions,
    long EntitiesWritten,
    long EntitiesRead,
    long PointReads,
    long Scans,
    TimeSpan ReadBusy,
    TimeSpan TransactionBusy,
    TimeSpan AnyBusy)
{
    public double Rate => Touchpoints / Elapsed.TotalSeconds;

    public double EntitiesPerSecond => EntitiesWritten / Elapsed.TotalSeconds;

    public double Per(long count) => count / (double)Touchpoints;

    public static IngestRun From(int touchpoints, TimeSpan elapsed, TimeSpan cpu, StorageRequestCounts counts, TimeSpan readBusy, TimeSpan transactionBusy, TimeSpan anyBusy) => new(
        touchpoints,
        elapsed,
        cpu,
        counts.Transactions,
        counts.EntitiesAdded + counts.EntitiesUpdated + counts.EntitiesUpserted + counts.EntitiesDeleted,
        counts.PointReadEntities + counts.RangeEntities + counts.ScanEntities,
        counts.PointReads,
        counts.Scans,
        readBusy,
        transactionBusy,
        anyBusy);

    /// <summary>Where the wall time went, as measured by <see cref="Recording.RequestTimer"/>.</summary>
    public string Profile => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"wall {Elapsed.TotalSeconds:N1} s: a read in flight {ReadBusy.TotalSeconds:N1} s, a transaction in flight {TransactionBusy.TotalSeconds:N1} s, no request in flight {(Elapsed - AnyBusy).TotalSeconds:N1} s; CPU {Cpu.TotalSeconds:N1} s");
}
