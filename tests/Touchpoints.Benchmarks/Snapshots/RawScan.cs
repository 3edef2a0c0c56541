using System.Diagnostics;
using Azure.Data.Tables;
using Touchpoints.Snapshots;
using Touchpoints.Storage;

namespace Touchpoints.Benchmarks.Snapshots;

/// <summary>The snapshot's queries with nothing done to the rows: a RowKey range per bucket, the same columns, page size and parallelism.</summary>
internal static class RawScan
{
    public static async Task<(TimeSpan Elapsed, long Rows)> RunAsync(TableClient table, string funnelId, int buckets, CancellationToken cancellationToken)
    {
        var rows = 0L;
        var start = TableKeys.JourneyRangeStart(funnelId);
        var end = TableKeys.JourneyRangeEnd(funnelId);
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, buckets),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Min(JourneyScanner.MaxParallelism, buckets), CancellationToken = cancellationToken },
            async (bucket, token) =>
            {
                var filter = TableKeys.RangeFilter(TableKeys.PartitionOfBucket(bucket), start, end);
                var count = 0L;
                await foreach (var entity in table.QueryAsync<TableEntity>(filter, JourneyScanner.PageSize, JourneyEntity.DataColumns, token).ConfigureAwait(false))
                {
                    count++;
                }

                Interlocked.Add(ref rows, count);
            }).ConfigureAwait(false);
        return (watch.Elapsed, rows);
    }
}
