using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Storage.Rules;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Journeys.TestTouchpoints;

namespace Touchpoints.Tests.Storage;

/// <summary>
/// The write path reads no more than it needs however full the bucket is: with 10^5 timeline rows of other customers
/// in the one bucket, a replayed batch of 500 and 100 identifies make no partition or table scan, and no range wider
/// than one customer's rows (counted by the storage rules policy, which classifies every query before it is sent).
/// </summary>
public sealed class WritePathScanTests(AzuriteFixture azurite)
{
    private const int SeededRows = 100_000;

    [Fact]
    public async Task WriteAsync_WhenTheBucketHoldsAHundredThousandTimelineRows_ThenAReplayAndIdentifiesScanNothing()
    {
        // Arrange: one bucket, full of other customers' timeline rows; 100 anonymous visitors with 5 touchpoints each.
        var rules = new AzureStorageRules(failOnScans: true);
        var client = azurite.Server.CreateTableServiceClient(rules).GetTableClient(AzuriteServer.UniqueTableName("scan"));
        await client.CreateIfNotExistsAsync(TestContext.Current.CancellationToken);
        await SeedAsync(client);
        var table = new JourneyTable(client, bucketCount: 1);
        var batch = Enumerable.Range(0, 500)
            .Select(i => Track($"v{i:D3}", i % 5 == 4 ? "Order Completed" : "Product Viewed", Day.AddMinutes(i), userId: null, anonymousId: $"visitor-{i % 100:D2}"))
            .ToArray();
        var identifies = Enumerable.Range(0, 100)
            .Select(i => Identify($"id{i:D2}", Day.AddDays(1).AddMinutes(i), $"user-{i:D2}", $"visitor-{i:D2}"))
            .ToArray();
        await new JourneyWriter(table, StorageTestContext.Catalog).WriteAsync(batch, TestContext.Current.CancellationToken);
        rules.Counts.Reset();

        // Act: the same batch again on a cold instance (every message a duplicate), then every visitor identifies.
        var replay = await new JourneyWriter(table, StorageTestContext.Catalog).IngestAsync(batch, TestContext.Current.CancellationToken);
        var identified = await new JourneyWriter(table, StorageTestContext.Catalog).IngestAsync(identifies, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(new IngestResult(0, 500), replay);
        Assert.Equal(100, identified.Applied);
        Assert.True(rules.Counts.Scans == 0, $"the write path scanned: {rules.Counts}");
        Assert.Equal(0, rules.Counts.ScanEntities);
        Assert.True(rules.Counts.LargestRange <= 10, $"a range read {rules.Counts.LargestRange} entities; one customer has at most 6 rows here ({rules.Counts})");
        Assert.True(rules.Counts.PointReads + rules.Counts.RangeQueries > 0, "the counts saw no query at all");
    }

    private static async Task SeedAsync(TableClient client)
    {
        var partition = TableKeys.PartitionOfBucket(0);
        var transactions = Enumerable.Range(0, SeededRows / 100).Select(t => client.SubmitTransactionAsync(
            Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"t|u:seeded-{t:D4}|m{i:D2}") { ["Body"] = new byte[64] })),
            TestContext.Current.CancellationToken));
        foreach (var chunk in transactions.Chunk(4))
        {
            await Task.WhenAll(chunk);
        }
    }
}
