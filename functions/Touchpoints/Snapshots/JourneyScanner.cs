using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Touchpoints.Journeys;
using Touchpoints.Storage;

namespace Touchpoints.Snapshots;

/// <summary>
/// Streams a funnel's journey records, and only those, through aggregates: one RowKey-range query per bucket partition,
/// partitions in parallel, one aggregate per partition, merged at the end in bucket order. Records are decoded, added
/// and dropped page by page, so memory depends on the page size and the parallelism, not on the number of customers.
/// </summary>
internal static class JourneyScanner
{
    /// <summary>Entities per page; the most the service returns in one response.</summary>
    public const int PageSize = 1000;

    /// <summary>Partitions read at once.</summary>
    public const int MaxParallelism = 8;

    public static async Task<FunnelScanAggregate> ScanAsync(
        TableClient table, FunnelDefinition funnel, int bucketCount, Func<FunnelScanAggregate> createAggregate, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(funnel);
        ArgumentNullException.ThrowIfNull(createAggregate);
        var stopwatch = Stopwatch.StartNew();
        var parts = new FunnelScanAggregate[bucketCount];
        var start = TableKeys.JourneyRangeStart(funnel.Id);
        var end = TableKeys.JourneyRangeEnd(funnel.Id);
        var missing = false;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(MaxParallelism, bucketCount), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, bucketCount), options, async (bucket, token) =>
        {
            var aggregate = createAggregate();
            var partition = TableKeys.PartitionOfBucket(bucket);
            var filter = TableKeys.RangeFilter(partition, start, end);
            try
            {
                await foreach (var entity in table.QueryAsync<TableEntity>(filter, PageSize, JourneyEntity.DataColumns, token).ConfigureAwait(false))
                {
                    JourneyRecord record;
                    try
                    {
                        record = JourneyEntity.FromEntity(entity).Record;
                    }
                    catch (InvalidDataException)
                    {
                        // One damaged row must not stop a day's snapshot; it is counted and logged.
                        aggregate.AddDamaged();
                        continue;
                    }

                    aggregate.Add(record);
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                missing = true;
            }

            parts[bucket] = aggregate;
        }).ConfigureAwait(false);

        // Merged in bucket order whatever order the partitions finished in: deterministic by construction, and the
        // aggregate's merge is order-independent besides.
        var merged = createAggregate();
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        if (missing)
        {
            logger.JourneyTableMissing(table.Name, funnel.Id);
        }

        if (merged.RecordsDamaged > 0)
        {
            logger.DamagedRecordsSkipped(funnel.Id, merged.RecordsDamaged);
        }

        logger.FunnelScanned(funnel.Id, merged.RecordsScanned, bucketCount, merged.Days.Count, stopwatch.ElapsedMilliseconds);
        return merged;
    }
}
