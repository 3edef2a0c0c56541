using System.Globalization;
using Touchpoints.Benchmarks.Ingest;
using Touchpoints.Benchmarks.Results;
using Touchpoints.Benchmarks.Running;
using Touchpoints.Benchmarks.Snapshots;
using Touchpoints.Benchmarks.Workloads;
using Touchpoints.Testing;

namespace Touchpoints.Benchmarks.Growth;

/// <summary>
/// Case 6: ingest and snapshot at ×1, ×4 and ×16 of a base size (touchpoints and customers scaled together, each level
/// on a fresh table): the cost per touchpoint and per customer should stay flat as the table grows.
/// </summary>
internal static class GrowthBenchmark
{
    private static readonly int[] Factors = [1, 4, 16];

    public static async Task RunAsync(AzuriteServer azurite, BenchSettings settings, ResultTable results, CancellationToken cancellationToken)
    {
        var ingest = new List<(int Factor, double MicrosPerTouchpoint, IngestRun Run)>();
        var snapshot = new List<(int Factor, double MicrosPerCustomer, SnapshotMeasurement Measured)>();
        foreach (var factor in Factors)
        {
            var workload = Workload.Create(settings.GrowthBaseTouchpoints * factor, settings.GrowthBaseCustomers * factor, seed: 30 + factor, prefix: "g");
            Console.WriteLine($"growth x{factor}: {workload.Count:N0} touchpoints of {workload.Customers:N0} customers");
            await using var pipeline = BenchPipeline.Create(azurite, "growth" + factor.ToString(CultureInfo.InvariantCulture), settings.Buckets);
            var run = await IngestDriver.RunAsync(pipeline, workload, settings.BatchSize, recorder: null, timer: null, cancellationToken).ConfigureAwait(false);
            ingest.Add((factor, run.Elapsed.TotalMicroseconds / workload.Count, run));
            var measured = await SnapshotBenchmark.MeasureJobAsync(pipeline, cancellationToken).ConfigureAwait(false);
            snapshot.Add((factor, measured.Elapsed.TotalMicroseconds / measured.Rows, measured));
        }

        var (_, ingestBase, baseRun) = ingest[0];
        var (_, snapshotBase, baseSnapshot) = snapshot[0];
        foreach (var (factor, micros, run) in ingest.Skip(1))
        {
            results.Add(BenchCase.Cost($"growth-ingest-x{factor}", micros, "µs/touchpoint", $"the same at x1 ({baseRun.Touchpoints:N0} touchpoints)", ingestBase, 0.9,
                string.Create(CultureInfo.InvariantCulture,
                    $"{run.Touchpoints:N0} touchpoints, cold cache, fresh table; transactions/touchpoint {run.Per(run.Transactions):0.####} (x1 {baseRun.Per(baseRun.Transactions):0.####}), entities/touchpoint {run.Per(run.EntitiesWritten):0.###} (x1 {baseRun.Per(baseRun.EntitiesWritten):0.###})")));
        }

        foreach (var (factor, micros, measured) in snapshot.Skip(1))
        {
            results.Add(BenchCase.Cost($"growth-snapshot-x{factor}", micros, "µs/customer", $"the same at x1 ({baseSnapshot.Rows:N0} customers)", snapshotBase, 0.9,
                string.Create(CultureInfo.InvariantCulture, $"{measured.Rows:N0} customers in {measured.Elapsed.TotalSeconds:N2} s; peak heap {measured.PeakHeapMiB:N0} MiB (x1 {baseSnapshot.PeakHeapMiB:N0} MiB)")));
        }
    }
}
