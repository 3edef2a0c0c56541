using System.Diagnostics;
using Touchpoints.Benchmarks.Recording;
using Touchpoints.Benchmarks.Running;
using Touchpoints.Benchmarks.Workloads;
using Touchpoints.Ingest;

namespace Touchpoints.Benchmarks.Ingest;

/// <summary>Drives a workload through the pipeline's Event Hubs handler as the function calls it: one batch after another.</summary>
internal static class IngestDriver
{
    public const string EventHubName = "bench";

    public static async Task<IngestRun> RunAsync(
        BenchPipeline pipeline, Workload workload, int batchSize, TransactionRecorder? recorder, RequestTimer? timer, CancellationToken cancellationToken)
    {
        var handler = pipeline.Get<EventHubBatchHandler>();
        var batches = workload.EventBatches(batchSize).ToList();
        pipeline.Rules.Counts.Reset();
        timer?.Reset();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var applied = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            if (recorder is not null)
            {
                recorder.Batch = i;
            }

            var result = await handler.HandleAsync(batches[i], EventHubName, cancellationToken).ConfigureAwait(false);
            applied += result.Ingested.Applied;
            if (result.DeadLettered > 0)
            {
                throw new InvalidOperationException($"Batch {i} dead-lettered {result.DeadLettered} events: the workload is meant to be valid.");
            }
        }

        watch.Stop();
        if (recorder is not null)
        {
            recorder.Batch = -1;
        }

        process.Refresh();
        if (applied != workload.Count)
        {
            throw new InvalidOperationException($"{applied} of {workload.Count} touchpoints were applied: the workload has no duplicates.");
        }

        return IngestRun.From(
            workload.Count, watch.Elapsed, process.TotalProcessorTime - cpu, pipeline.Rules.Counts,
            timer?.ReadTime ?? TimeSpan.Zero, timer?.TransactionTime ?? TimeSpan.Zero, timer?.AnyTime ?? TimeSpan.Zero);
    }
}
