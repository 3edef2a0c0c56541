using System.Globalization;
using Touchpoints.Benchmarks.Results;
using Touchpoints.Benchmarks.Running;
using Touchpoints.Benchmarks.Workloads;
using Touchpoints.Snapshots;
using Touchpoints.Testing;

namespace Touchpoints.Benchmarks.Snapshots;

/// <summary>
/// Case 5: the daily snapshot job (scan, aggregate, write JSON/CSV/SVG) over 100,000 and 1,000,000 customers, against
/// a raw scan of the same rows with the same queries, in the same run on the same table.
/// </summary>
internal static class SnapshotBenchmark
{
    public static DateOnly Day => DateOnly.FromDateTime(Workload.Start.UtcDateTime).AddDays(Workload.Days - 1);

    public static async Task RunAsync(AzuriteServer azurite, BenchSettings settings, ResultTable results, CancellationToken cancellationToken)
    {
        SnapshotMeasurement? first = null;
        foreach (var customers in settings.SnapshotCustomers)
        {
            var name = customers >= 1_000_000 ? $"snapshot-{customers / 1_000_000}m" : $"snapshot-{customers / 1_000}k";
            await using var pipeline = BenchPipeline.Create(azurite, "snap" + customers.ToString(CultureInfo.InvariantCulture), settings.Buckets);
            var job = pipeline.Get<FunnelSnapshotJob>();
            var funnel = job.Catalog.Funnels[0];
            Console.WriteLine($"snapshot: seeding {customers:N0} journeys");
            await JourneySeeder.SeedAsync(pipeline.Table, funnel, customers, settings.Buckets, cancellationToken).ConfigureAwait(false);

            // Scan, job, scan: the baseline is the mean of the scans either side, so neither gains from going first or last.
            var before = await MeasureScanAsync(pipeline, funnel.Id, settings.Buckets, cancellationToken).ConfigureAwait(false);
            var snapshot = await MeasureJobAsync(pipeline, cancellationToken).ConfigureAwait(false);
            var after = await MeasureScanAsync(pipeline, funnel.Id, settings.Buckets, cancellationToken).ConfigureAwait(false);
            var scan = new SnapshotMeasurement((before.Elapsed + after.Elapsed) / 2, after.Rows, Math.Max(before.PeakHeapMiB, after.PeakHeapMiB), Math.Max(before.PeakWorkingSetMiB, after.PeakWorkingSetMiB));
            first ??= snapshot;
            var memory = ReferenceEquals(first, snapshot)
                ? "the 1M case's peak heap is held within 50 MiB of this one"
                : string.Create(CultureInfo.InvariantCulture,
                    $"peak heap {snapshot.PeakHeapMiB - first.PeakHeapMiB:+0.0;-0.0} MiB over the {settings.SnapshotCustomers[0]:N0} case (limit +50 MiB: {(snapshot.PeakHeapMiB - first.PeakHeapMiB <= 50 ? "met" : "MISSED")})");
            results.Add(BenchCase.Cost(name, snapshot.Elapsed.TotalSeconds, "s", "raw scan of the same rows, same queries (mean of one before and one after)", scan.Elapsed.TotalSeconds, 0.8,
                string.Create(CultureInfo.InvariantCulture,
                    $"{snapshot.Rows:N0} records, {snapshot.Rows / snapshot.Elapsed.TotalSeconds:N0}/s; scans {before.Elapsed.TotalSeconds:N2} s and {after.Elapsed.TotalSeconds:N2} s; snapshot peak heap {snapshot.PeakHeapMiB:N0} MiB (heap sampled every 5 ms, garbage included), working set {snapshot.PeakWorkingSetMiB:N0} MiB; scan peak heap {scan.PeakHeapMiB:N0} MiB; {memory}")));
        }
    }

    public static async Task<SnapshotMeasurement> MeasureJobAsync(BenchPipeline pipeline, CancellationToken cancellationToken)
    {
        var job = pipeline.Get<FunnelSnapshotJob>();
        await using var memory = MemorySampler.Start();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await job.RunAsync(job.Catalog.Funnels[0].Id, Day, cancellationToken).ConfigureAwait(false);
        watch.Stop();
        await memory.DisposeAsync().ConfigureAwait(false);
        return new SnapshotMeasurement(watch.Elapsed, result.RecordsScanned, memory.PeakHeapMiB, memory.PeakWorkingSetMiB);
    }

    private static async Task<SnapshotMeasurement> MeasureScanAsync(BenchPipeline pipeline, string funnelId, int buckets, CancellationToken cancellationToken)
    {
        await using var memory = MemorySampler.Start();
        var (elapsed, rows) = await RawScan.RunAsync(pipeline.Table, funnelId, buckets, cancellationToken).ConfigureAwait(false);
        await memory.DisposeAsync().ConfigureAwait(false);
        return new SnapshotMeasurement(elapsed, rows, memory.PeakHeapMiB, memory.PeakWorkingSetMiB);
    }
}
