using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Touchpoints.Ingest;
using Touchpoints.Journeys;
using Touchpoints.Storage;
using Touchpoints.Storage.Rebuild;
using Touchpoints.Testing;
using Touchpoints.Tests.Journeys;
using Touchpoints.Tests.Snapshots;
using Xunit;

namespace Touchpoints.Tests.Storage.Rebuild;

/// <summary>
/// A changed funnel definition: journeys written under definition A and rebuilt under B equal, byte for byte, the records
/// B gives the same touchpoints in memory; the rebuild resumes from its checkpoint, loses no concurrent write, and the
/// snapshots made after it name B.
/// </summary>
public sealed class JourneyRebuildTests(AzuriteFixture azurite)
{
    private const int Customers = 24;

    // B moves "Product Viewed" from consideration to awareness and makes a third order, not a second, retention.
    private static readonly FunnelDefinition DefinitionA = TestTouchpoints.DefaultFunnel;
    private static readonly FunnelDefinition DefinitionB = FunnelDefinitionLoader.Parse(
        File.ReadAllText(RepositoryPaths.Combine("funnels", "default.json"))
            .Replace("\"Product Viewed\", \"Product List Viewed\"", "\"Product List Viewed\"", StringComparison.Ordinal)
            .Replace("\"Ad Clicked\",", "\"Ad Clicked\", \"Product Viewed\",", StringComparison.Ordinal)
            .Replace("\"occurrence\": 2", "\"occurrence\": 3", StringComparison.Ordinal),
        "default-b.json");

    private readonly SnapshotJobHarness _harness = new(azurite, [DefinitionB]);

    private JourneyTable Table => new(_harness.Table, SnapshotJobHarness.Buckets);

    [Fact]
    public async Task RebuildAsync_WhenTheDefinitionChanged_StoresTheRecordsTheNewDefinitionGivesAndSnapshotsNameIt()
    {
        // Arrange
        var token = TestContext.Current.CancellationToken;
        var history = History();
        await new JourneyWriter(Table, new FunnelCatalog([DefinitionA])).WriteAsync(history.SelectMany(static c => c.Value).ToList(), token);
        var before = await ReadAllAsync(history.Keys);

        // Act
        var result = await new JourneyRebuilder(Table, new FunnelCatalog([DefinitionB])).RebuildAsync("default", restart: false, null, token);
        var snapshot = await _harness.Job.RunAsync("default", DateOnly.FromDateTime(TestTouchpoints.Day.UtcDateTime).AddDays(3), token);

        // Assert
        Assert.NotEqual(DefinitionA.Hash, DefinitionB.Hash);
        Assert.True(result.IsComplete);
        Assert.Equal(Customers, result.CustomersRebuilt);
        var after = await ReadAllAsync(history.Keys);
        var changed = 0;
        foreach (var (customer, touchpoints) in history)
        {
            var expected = JourneyRecordCodec.Encode(Apply(DefinitionB, customer, touchpoints));
            Assert.Equal(expected, after[customer]);
            changed += before[customer].AsSpan().SequenceEqual(expected) ? 0 : 1;
        }

        Assert.True(changed > Customers / 2, $"Only {changed} records differ between A and B: the test would not notice a rebuild that did nothing.");
        Assert.Equal(DefinitionB.Hash, snapshot.Snapshot.FunnelHash);
        var json = await _harness.ReadAsync(snapshot.BlobNames.Single(static n => n.EndsWith("/funnel.json", StringComparison.Ordinal)));
        using var document = JsonDocument.Parse(json);
        Assert.Equal(DefinitionB.Hash, document.RootElement.GetProperty("definitionHash").GetString());
    }

    [Fact]
    public async Task RebuildAsync_WhenInterruptedAfterTwoBuckets_ResumesFromTheCheckpointToTheSameEndState()
    {
        // Arrange
        var token = TestContext.Current.CancellationToken;
        var history = History();
        await new JourneyWriter(Table, new FunnelCatalog([DefinitionA])).WriteAsync(history.SelectMany(static c => c.Value).ToList(), token);
        var rebuilder = new JourneyRebuilder(Table, new FunnelCatalog([DefinitionB]));
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(token);
        var firstRun = new RecordingProgress(p =>
        {
            if (p.BucketsDone == 2)
            {
                interrupt.Cancel();
            }
        });
        var inLaterBuckets = history.Keys.Count(static c => TableKeys.Bucket(TableKeys.Customer(c, false), SnapshotJobHarness.Buckets) >= 2);

        // Act
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rebuilder.RebuildAsync("default", restart: false, firstRun, interrupt.Token));
        var secondRun = new RecordingProgress();
        var resumed = await rebuilder.RebuildAsync("default", restart: false, secondRun, token);
        var again = await rebuilder.RebuildAsync("default", restart: false, null, token);
        var otherDefinition = new RecordingProgress();
        await new JourneyRebuilder(Table, new FunnelCatalog([DefinitionA])).RebuildAsync("default", restart: false, otherDefinition, token);

        // Assert
        Assert.Equal(2, firstRun.Reports[^1].BucketsDone);
        Assert.InRange(inLaterBuckets, 1, Customers - 1);
        Assert.Equal(2, secondRun.Reports[0].ResumedAt);
        Assert.Equal([2, 3, 4], secondRun.Reports.Select(static p => p.BucketsDone));
        Assert.Equal(inLaterBuckets, resumed.CustomersRebuilt);
        Assert.True(resumed.IsComplete);
        Assert.Equal(0, again.CustomersRebuilt);
        Assert.Equal(4, again.ResumedAt);
        Assert.Equal(0, otherDefinition.Reports[0].ResumedAt);
        Assert.Equal(Customers, otherDefinition.Reports[^1].CustomersRebuilt);
        var after = await ReadAllAsync(history.Keys);
        foreach (var (customer, touchpoints) in history)
        {
            Assert.Equal(JourneyRecordCodec.Encode(Apply(DefinitionA, customer, touchpoints)), after[customer]);
        }
    }

    [Fact]
    public async Task RebuildAsync_WhenAWriterCommitsBetweenItsReadAndItsWrite_RedoesTheCustomerAndKeepsTheTouchpoint()
    {
        // Arrange
        var token = TestContext.Current.CancellationToken;
        var history = History();
        await new JourneyWriter(Table, new FunnelCatalog([DefinitionB])).WriteAsync(history.SelectMany(static c => c.Value).ToList(), token);
        var raced = history.Keys.First();
        var late = TestTouchpoints.Track("late-order", "Order Completed", TestTouchpoints.Day.AddHours(50), userId: raced);
        history[raced].Add(late);
        var concurrentWriter = new JourneyWriter(Table, new FunnelCatalog([DefinitionB]));
        var hook = new TimelineQueryHook(TableKeys.Customer(raced, false), async () => await concurrentWriter.WriteAsync([late], token));
        var rebuilder = new JourneyRebuilder(TableWith(hook), new FunnelCatalog([DefinitionB]));

        // Act
        var result = await rebuilder.RebuildAsync("default", restart: false, null, token);

        // Assert
        Assert.True(hook.Fired);
        Assert.True(result.Conflicts >= 1);
        var after = await ReadAllAsync(history.Keys);
        foreach (var (customer, touchpoints) in history)
        {
            Assert.Equal(JourneyRecordCodec.Encode(Apply(DefinitionB, customer, touchpoints)), after[customer]);
        }
    }

    [Fact]
    public async Task RebuildAsync_WhenACustomersTimelineIsEmpty_RemovesTheJourney()
    {
        // Arrange
        var token = TestContext.Current.CancellationToken;
        var history = History();
        await new JourneyWriter(Table, new FunnelCatalog([DefinitionA])).WriteAsync(history.SelectMany(static c => c.Value).ToList(), token);
        var emptied = history.Keys.Last();
        var key = TableKeys.Customer(emptied, false);
        var partition = Table.PartitionOf(key);
        foreach (var touchpoint in history[emptied])
        {
            await _harness.Table.DeleteEntityAsync(partition, TableKeys.TimelineRow(key, touchpoint.MessageId), ETag.All, token);
        }

        // Act
        var result = await new JourneyRebuilder(Table, new FunnelCatalog([DefinitionB])).RebuildAsync("default", restart: false, null, token);

        // Assert
        Assert.Equal(1, result.JourneysRemoved);
        Assert.False((await _harness.Table.GetEntityIfExistsAsync<TableEntity>(partition, TableKeys.JourneyRow("default", key), cancellationToken: token)).HasValue);
        Assert.True((await _harness.Table.GetEntityIfExistsAsync<TableEntity>(
            Table.PartitionOf(TableKeys.Customer(history.Keys.First(), false)), TableKeys.JourneyRow("default", TableKeys.Customer(history.Keys.First(), false)), cancellationToken: token)).HasValue);
    }

    // Every customer views a page and a product; every third orders twice, every fourth three times, some answer NPS.
    private static Dictionary<string, List<Touchpoint>> History()
    {
        var day = TestTouchpoints.Day;
        var history = new Dictionary<string, List<Touchpoint>>(StringComparer.Ordinal);
        for (var c = 0; c < Customers; c++)
        {
            var user = $"rebuild-{c:D2}";
            var touchpoints = new List<Touchpoint>
            {
                TestTouchpoints.Page($"{user}-page", day.AddMinutes(c), userId: user, channel: c % 2 == 0 ? "web" : "email"),
                TestTouchpoints.Track($"{user}-view", "Product Viewed", day.AddHours(1).AddMinutes(c), userId: user),
            };
            var orders = c % 4 == 0 ? 3 : c % 3 == 0 ? 2 : 0;
            for (var o = 0; o < orders; o++)
            {
                touchpoints.Add(TestTouchpoints.Track($"{user}-order-{o}", "Order Completed", day.AddHours(10 + (10 * o)).AddMinutes(c), userId: user));
            }

            if (c % 5 == 0)
            {
                touchpoints.Add(TestTouchpoints.Track($"{user}-nps", "Survey Answered", day.AddHours(40), userId: user, properties: "{\"nps\":10}"));
            }

            history[user] = touchpoints;
        }

        return history;
    }

    private static JourneyRecord Apply(FunnelDefinition funnel, string customer, List<Touchpoint> touchpoints)
    {
        var record = new JourneyRecord(funnel, customer, isAnonymous: false);
        foreach (var touchpoint in touchpoints)
        {
            record.Apply(touchpoint, funnel);
        }

        return record;
    }

    private JourneyTable TableWith(HttpPipelinePolicy policy)
    {
        var options = azurite.Server.Rules.Apply(new TableClientOptions());
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return new JourneyTable(new TableServiceClient(azurite.ConnectionString, options).GetTableClient(_harness.Table.Name), SnapshotJobHarness.Buckets);
    }

    private async Task<Dictionary<string, byte[]>> ReadAllAsync(IEnumerable<string> customers)
    {
        var records = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var customer in customers)
        {
            var key = TableKeys.Customer(customer, false);
            var row = await _harness.Table.GetEntityAsync<TableEntity>(Table.PartitionOf(key), TableKeys.JourneyRow("default", key));
            records[customer] = JourneyRecordCodec.Encode(JourneyEntity.FromEntity(row.Value).Record);
        }

        return records;
    }

    // Synchronous, unlike System.Progress<T>, so a report can cancel the run before its next bucket starts.
    private sealed class RecordingProgress(Action<RebuildProgress>? onReport = null) : IProgress<RebuildProgress>
    {
        public List<RebuildProgress> Reports { get; } = [];

        public void Report(RebuildProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }
}
