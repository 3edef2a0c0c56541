using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Storage.Writing;

namespace Touchpoints.Storage.Rebuild;

/// <summary>
/// Rebuilds every journey of one funnel from the stored timelines, under the funnel's definition as loaded now: the
/// normal operation after a definition changes. Bucket partitions are rebuilt in turn, customer by customer, so memory
/// holds one customer's timeline and a page of row keys. Each journey is replaced with If-Match on the ETag read before
/// its timeline, so a touchpoint a concurrent writer commits is never lost: the rebuild reads that customer again.
/// A checkpoint row records the buckets done and the definition they were rebuilt to; a rerun to the same definition
/// continues after it, and one to another definition starts over.
/// </summary>
/// <remarks>
/// The timeline row keeps the whole validated touchpoint (<see cref="TouchpointJson"/>): type, event, channel,
/// properties, survey scores, segment and context, which is everything a stage rule or survey shape reads, so every rule
/// is evaluated. Rows stored before the context was kept have none, so their campaigns are unknown in the rebuilt trail,
/// as they were in the record they replace.
/// </remarks>
public sealed class JourneyRebuilder
{
    /// <summary>Property of a journey row: the definition hash of the rebuild that last wrote it.</summary>
    public const string RebuiltWithProperty = "RebuiltWith";

    private const int PageSize = 1000;
    private const int MaxAttempts = 16;

    private static readonly string[] KeyColumns = ["RowKey"];
    private static readonly string[] MarkColumns = ["RowKey", RebuiltWithProperty];

    private readonly JourneyTable _table;
    private readonly FunnelCatalog _funnels;
    private readonly ILogger _logger;

    /// <summary>Creates a rebuilder over the pipeline's table and the funnels as they are defined now.</summary>
    /// <param name="table">The journey table.</param>
    /// <param name="funnels">The funnels; the rebuild applies the definition found here.</param>
    /// <param name="logger">Where progress is logged.</param>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> or <paramref name="funnels"/> is null.</exception>
    public JourneyRebuilder(JourneyTable table, FunnelCatalog funnels, ILogger<JourneyRebuilder>? logger = null)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _funnels = funnels ?? throw new ArgumentNullException(nameof(funnels));
        _logger = logger ?? NullLogger<JourneyRebuilder>.Instance;
    }

    /// <summary>Rebuilds the journeys of a funnel, resuming after the last checkpoint made to the same definition.</summary>
    /// <param name="funnelId">The funnel.</param>
    /// <param name="restart">Start from the first bucket whatever the checkpoint says (also reruns a completed rebuild).</param>
    /// <param name="progress">Told, synchronously, where the rebuild stands at its start and after each bucket.</param>
    /// <param name="cancellationToken">Stops the rebuild; the bucket under way is not checkpointed and is redone by the next run.</param>
    /// <returns>The final progress.</returns>
    /// <exception cref="ArgumentException">No funnel has the id.</exception>
    /// <exception cref="OperationCanceledException">The rebuild was cancelled.</exception>
    /// <exception cref="InvalidOperationException">A journey kept changing under the rebuild.</exception>
    /// <exception cref="RequestFailedException">Storage failed; a rerun continues from the last checkpoint.</exception>
    public async Task<RebuildProgress> RebuildAsync(string funnelId, bool restart, IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(funnelId);
        var funnel = _funnels.Find(funnelId) ?? throw new ArgumentException($"No funnel '{funnelId}'.", nameof(funnelId));
        await _table.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var client = _table.Client;
        var buckets = _table.BucketCount;
        var checkpoint = restart ? null : await RebuildCheckpoint.ReadAsync(client, funnelId, cancellationToken).ConfigureAwait(false);
        var first = checkpoint?.ResumePoint(funnel.Hash, buckets) ?? 0;

        var counts = new Counts();
        var state = Snapshot(funnel, buckets, first, first, counts);
        _logger.RebuildStarted(funnelId, funnel.Hash, first, buckets);
        progress?.Report(state);
        for (var bucket = first; bucket < buckets; bucket++)
        {
            var partition = TableKeys.PartitionOfBucket(bucket);
            var before = (counts.Customers, counts.Removed);
            await RebuildPartitionAsync(partition, funnel, counts, cancellationToken).ConfigureAwait(false);

            // Never checkpoint after a cancellation: the bucket may be done, but the next run simply does it again.
            cancellationToken.ThrowIfCancellationRequested();
            await new RebuildCheckpoint(funnel.Hash, bucket + 1, buckets).WriteAsync(client, funnelId, cancellationToken).ConfigureAwait(false);
            _logger.BucketRebuilt(partition, funnelId, counts.Customers - before.Customers, counts.Removed - before.Removed);
            state = Snapshot(funnel, buckets, first, bucket + 1, counts);
            progress?.Report(state);
        }

        return state;
    }

    /// <summary>Forgets a funnel's checkpoint, so the next rebuild starts from the first bucket.</summary>
    /// <param name="funnelId">The funnel.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    public async Task ResetAsync(string funnelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(funnelId);
        await _table.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await RebuildCheckpoint.DeleteAsync(_table.Client, funnelId, cancellationToken).ConfigureAwait(false);
    }

    private static RebuildProgress Snapshot(FunnelDefinition funnel, int buckets, int first, int done, Counts counts) =>
        new(funnel.Id, funnel.Hash, buckets, first, done, counts.Customers, counts.Removed, counts.Rows, counts.Conflicts);

    private async Task RebuildPartitionAsync(string partition, FunnelDefinition funnel, Counts counts, CancellationToken cancellationToken)
    {
        var client = _table.Client;

        // Every customer with a timeline, found from its row keys (sorted, so one customer's rows are contiguous).
        var filter = TableKeys.RangeFilter(partition, TableKeys.TimelinesStart, TableKeys.TimelinesEnd);
        string? current = null;
        await foreach (var row in client.QueryAsync<TableEntity>(filter, PageSize, KeyColumns, cancellationToken).ConfigureAwait(false))
        {
            counts.Rows++;
            var customerKey = TableKeys.CustomerOfTimelineRow(row.RowKey);
            if (current is not null && !string.Equals(current, customerKey, StringComparison.Ordinal))
            {
                await RebuildCustomerAsync(partition, current, funnel, counts, cancellationToken).ConfigureAwait(false);
            }

            current = customerKey;
        }

        if (current is not null)
        {
            await RebuildCustomerAsync(partition, current, funnel, counts, cancellationToken).ConfigureAwait(false);
        }

        // Journeys the pass above did not write: customers whose timeline is empty now, and journeys a concurrent writer
        // created after the pass went by. Each is settled the same way, from its timeline as it is now.
        var journeys = TableKeys.RangeFilter(partition, TableKeys.JourneyRangeStart(funnel.Id), TableKeys.JourneyRangeEnd(funnel.Id));
        await foreach (var row in client.QueryAsync<TableEntity>(journeys, PageSize, MarkColumns, cancellationToken).ConfigureAwait(false))
        {
            counts.Rows++;
            if (!string.Equals(row.GetString(RebuiltWithProperty), funnel.Hash, StringComparison.Ordinal))
            {
                var customerKey = row.RowKey[TableKeys.JourneyRangeStart(funnel.Id).Length..];
                await RebuildCustomerAsync(partition, customerKey, funnel, counts, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RebuildCustomerAsync(string partition, string customerKey, FunnelDefinition funnel, Counts counts, CancellationToken cancellationToken)
    {
        var client = _table.Client;
        var rowKey = TableKeys.JourneyRow(funnel.Id, customerKey);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            // The journey first, then the timeline: a writer commits both together, so a touchpoint committed after the
            // timeline read changes the ETag read here, and the write below fails instead of losing it.
            var stored = await client.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            var journey = stored.HasValue ? stored.Value : null;
            counts.Rows += journey is null ? 0 : 1;
            var timeline = await ReadTimelineAsync(partition, customerKey, counts, cancellationToken).ConfigureAwait(false);
            try
            {
                if (timeline.Count == 0)
                {
                    if (journey is not null)
                    {
                        await client.DeleteEntityAsync(partition, rowKey, journey.ETag, cancellationToken).ConfigureAwait(false);
                        counts.Removed++;
                        counts.Customers++;
                    }

                    return;
                }

                var record = Rebuild(funnel, customerKey, journey, timeline);
                var previousChunks = journey is null ? 0 : JourneyEntity.FromEntity(journey).Chunks;
                var entity = JourneyEntity.ToEntity(partition, rowKey, record, funnel.Stages, previousChunks, journey?.ETag ?? default);
                entity[RebuiltWithProperty] = funnel.Hash;
                if (journey is null)
                {
                    await client.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // Replace, not merge: the record is new, and nothing of the old row should survive.
                    await client.UpdateEntityAsync(entity, journey.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                counts.Customers++;
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 409 or 404)
            {
                counts.Conflicts++;
                _logger.RebuildConflict(partition);
            }
        }

        throw new InvalidOperationException($"Partition {partition}: journey {rowKey} kept changing while it was rebuilt; run the rebuild again to continue.");
    }

    private async Task<List<Touchpoint>> ReadTimelineAsync(string partition, string customerKey, Counts counts, CancellationToken cancellationToken)
    {
        var timeline = new List<Touchpoint>();
        var filter = TableKeys.TimelineFilter(partition, customerKey);
        await foreach (var row in _table.Client.QueryAsync<TableEntity>(filter, PageSize, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            counts.Rows++;
            timeline.Add(TimelineEntity.FromEntity(row));
        }

        return timeline;
    }

    // A journey is a summary of the set of its touchpoints, so applying the timeline to an empty record under the new
    // definition gives exactly the record a writer would have built had the definition always been this one.
    private static JourneyRecord Rebuild(FunnelDefinition funnel, string customerKey, TableEntity? journey, List<Touchpoint> timeline)
    {
        var anonymous = customerKey.StartsWith("a:", StringComparison.Ordinal);
        var record = new JourneyRecord(funnel, CustomerIdOf(customerKey, anonymous, journey, timeline), anonymous);
        foreach (var touchpoint in timeline)
        {
            record.Apply(touchpoint, funnel);
        }

        return record;
    }

    // The id as sent: from the stored row, else the key when it holds the id as it is, else a touchpoint that carries it.
    private static string CustomerIdOf(string customerKey, bool anonymous, TableEntity? journey, List<Touchpoint> timeline)
    {
        if (journey?.GetString(JourneyEntity.CustomerProperty) is { Length: > 0 } stored)
        {
            return stored;
        }

        var encoded = customerKey[2..];
        foreach (var touchpoint in timeline)
        {
            var id = anonymous ? (touchpoint.UserId is null ? TouchpointRouter.AnonymousIdOf(touchpoint) : null) : touchpoint.UserId;
            if (id is not null && string.Equals(TableKeys.Encode(id), encoded, StringComparison.Ordinal))
            {
                return id;
            }
        }

        return encoded;
    }

    private sealed class Counts
    {
        public long Customers;
        public long Removed;
        public long Rows;
        public long Conflicts;
    }
}
