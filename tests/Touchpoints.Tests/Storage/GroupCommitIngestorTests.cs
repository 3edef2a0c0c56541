using Touchpoints.Ingest;
using Touchpoints.Storage.Rules;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Journeys.TestTouchpoints;

namespace Touchpoints.Tests.Storage;

public sealed class GroupCommitIngestorTests(AzuriteFixture azurite)
{
    private readonly StorageTestContext _context = new(azurite);

    [Fact]
    public async Task IngestAsync_WhenRequestsArriveTogether_WritesThemInOneBatch()
    {
        // Arrange: a batch closes at 40 touchpoints, and the wait is long enough that only the size closes it.
        var writer = _context.NewWriter();
        await using var ingestor = new GroupCommitIngestor(writer, maxTouchpoints: 40, maxWait: TimeSpan.FromSeconds(30));

        // Act: forty single-touchpoint requests at once.
        var results = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => ingestor.IngestAsync([Track($"m{i}", "Product Viewed", Day.AddMinutes(i), userId: $"c{i % 8}")], TestContext.Current.CancellationToken).AsTask()));

        // Assert: each request learns its own outcome, and storage saw one batch.
        Assert.All(results, static r => Assert.Equal(new IngestResult(1, 0), r));
        Assert.Equal(1, writer.BatchesWritten);
        Assert.Equal(5, (await _context.ReadJourneyAsync("c3"))!.Value.Record.TouchCount);
    }

    [Fact]
    public async Task IngestAsync_WhenTheSameMessageIsInTwoRequestsOfOneBatch_OneIsTheDuplicate()
    {
        var writer = _context.NewWriter();
        await using var ingestor = new GroupCommitIngestor(writer, maxTouchpoints: 2, maxWait: TimeSpan.FromSeconds(30));
        var touchpoint = Track("same", "Product Viewed", Day);

        var results = await Task.WhenAll(
            ingestor.IngestAsync([touchpoint], TestContext.Current.CancellationToken).AsTask(),
            ingestor.IngestAsync([touchpoint], TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(1, results.Sum(static r => r.Applied));
        Assert.Equal(1, results.Sum(static r => r.Duplicates));
        Assert.Equal(1, (await _context.ReadJourneyAsync("u1"))!.Value.Record.TouchCount);
    }

    [Fact]
    public async Task IngestAsync_WhenAnswered_TheTouchpointIsAlreadyStored()
    {
        await using var ingestor = new GroupCommitIngestor(_context.NewWriter(), maxTouchpoints: 500, maxWait: TimeSpan.FromMilliseconds(4));

        await ingestor.IngestAsync([Track("durable", "Order Completed", Day)], TestContext.Current.CancellationToken);

        Assert.Single(await _context.RowsAsync("t|u:u1|durable"));
    }

    [Fact]
    public async Task IngestAsync_WhenStorageFails_EveryCallerInTheBatchSeesTheError()
    {
        // A table name Azure rejects (the rules refuse it before Azurite sees it) makes every write fail.
        var client = azurite.Server.CreateTableServiceClient().GetTableClient("no");
        var writer = new Touchpoints.Storage.JourneyWriter(new Touchpoints.Storage.JourneyTable(client, 4), StorageTestContext.Catalog);
        await using var ingestor = new GroupCommitIngestor(writer, maxTouchpoints: 2, maxWait: TimeSpan.FromSeconds(30));

        var calls = new[]
        {
            ingestor.IngestAsync([Track("a", "X", Day)], TestContext.Current.CancellationToken).AsTask(),
            ingestor.IngestAsync([Track("b", "X", Day)], TestContext.Current.CancellationToken).AsTask(),
        };

        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => call);
            Assert.Equal(AzureStorageRule.TableNameInvalid, ex.Rule);
        }
    }

    [Fact]
    public async Task IngestAsync_WhenIdentifiesRaceAnonymousTouchpoints_LeavesNoAnonymousJourneyBehind()
    {
        // Arrange: 60 devices, each with five anonymous views and an identify, in shuffled single requests that the
        // group commit spreads over concurrent batches, so an identify's move and the device's views can cross.
        await using var ingestor = new GroupCommitIngestor(_context.NewWriter(), maxTouchpoints: 25, maxWait: TimeSpan.FromMilliseconds(2));
        var touchpoints = Enumerable.Range(0, 60).SelectMany(d => Enumerable.Range(0, 5)
                .Select(v => Page($"d{d}-v{v}", Day.AddMinutes(v), userId: null, anonymousId: $"device-{d}"))
                .Append(Identify($"d{d}-id", Day.AddMinutes(10), $"person-{d}", $"device-{d}")))
            .ToArray();
        new Random(5).Shuffle(touchpoints);

        // Act
        await Parallel.ForEachAsync(touchpoints, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (touchpoint, token) =>
            await ingestor.IngestAsync([touchpoint], token));

        // Assert
        Assert.Empty(await _context.RowsAsync("j|default|a:"));
        Assert.Empty(await _context.RowsAsync("t|a:"));
        for (var d = 0; d < 60; d++)
        {
            Assert.Equal(6, (await _context.ReadJourneyAsync($"person-{d}"))!.Value.Record.TouchCount);
        }
    }
}
