using Azure.Data.Tables;
using Touchpoints.Benchmarks.Running;
using Touchpoints.Benchmarks.Workloads;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Storage;

namespace Touchpoints.Benchmarks.Snapshots;

/// <summary>
/// Fills a table with journey rows as the pipeline stores them (same keys, codec and entity), written directly in
/// 100-entity Add transactions: seeding a million customers through the pipeline would take longer than the snapshot
/// it sets up, and is not what is measured.
/// </summary>
internal static class JourneySeeder
{
    private const int CustomersPerBlock = 20_000;

    private const int TouchpointsPerCustomer = 3;

    public static async Task SeedAsync(TableClient table, FunnelDefinition funnel, int customers, int buckets, CancellationToken cancellationToken)
    {
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        var random = new Random(41);
        var events = new[] { "Product Viewed", "Ad Clicked", "Order Completed", "Review Read" };
        for (var first = 0; first < customers; first += CustomersPerBlock)
        {
            var entities = new List<TableEntity>(CustomersPerBlock);
            for (var c = first; c < Math.Min(customers, first + CustomersPerBlock); c++)
            {
                var id = $"customer-{c:D7}";
                var record = new JourneyRecord(funnel, id, isAnonymous: false);
                for (var t = 0; t < TouchpointsPerCustomer; t++)
                {
                    record.Apply(
                        new Touchpoint
                        {
                            MessageId = $"seed-{c}-{t}",
                            Type = TouchpointType.Track,
                            Event = events[random.Next(events.Length)],
                            UserId = id,
                            Timestamp = Workload.Start.AddSeconds(random.Next(Workload.Days * 86_400)),
                            Channel = "web",
                        },
                        funnel);
                }

                var key = TableKeys.Customer(id, anonymous: false);
                entities.Add(JourneyEntity.ToEntity(TableKeys.Partition(key, buckets), TableKeys.JourneyRow(funnel.Id, key), record, funnel.Stages, 0, default));
            }

            var transactions = entities.GroupBy(static e => e.PartitionKey, StringComparer.Ordinal).Select(static p => p.Chunk(100).ToList()).ToList();
            await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = BenchSettings.PartitionsInFlight, CancellationToken = cancellationToken }, async (partition, token) =>
            {
                foreach (var chunk in partition)
                {
                    await table.SubmitTransactionAsync(chunk.Select(static e => new TableTransactionAction(TableTransactionActionType.Add, e)), token).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
    }
}
