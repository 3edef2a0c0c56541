using System.Diagnostics;
using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Storage;

namespace Touchpoints.Benchmarks.Ingest;

/// <summary>
/// What a first tutorial would write: one touchpoint at a time, read the journey row, apply, insert the timeline row,
/// then write the journey back (replace with its ETag, or insert). Same keys, encoding and engine as the pipeline.
/// </summary>
internal static class NaiveLoop
{
    public static async Task<TimeSpan> RunAsync(TableClient table, FunnelDefinition funnel, IReadOnlyList<Touchpoint> touchpoints, int buckets, CancellationToken cancellationToken)
    {
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        var stages = funnel.Stages;
        var watch = Stopwatch.StartNew();
        foreach (var touchpoint in touchpoints)
        {
            var customerKey = TableKeys.Customer(touchpoint.CustomerId, touchpoint.IsAnonymous);
            var partition = TableKeys.Partition(customerKey, buckets);
            var rowKey = TableKeys.JourneyRow(funnel.Id, customerKey);
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            var (record, chunks) = stored.HasValue
                ? JourneyEntity.FromEntity(stored.Value!)
                : (new JourneyRecord(funnel, touchpoint.CustomerId, touchpoint.IsAnonymous), 0);
            record.Apply(touchpoint, funnel);
            await table.AddEntityAsync(TimelineEntity.ToEntity(partition, customerKey, touchpoint, TouchpointJson.Serialize(touchpoint)), cancellationToken).ConfigureAwait(false);
            var entity = JourneyEntity.ToEntity(partition, rowKey, record, stages, chunks, stored.HasValue ? stored.Value!.ETag : default);
            if (stored.HasValue)
            {
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }
        }

        watch.Stop();
        return watch.Elapsed;
    }
}
