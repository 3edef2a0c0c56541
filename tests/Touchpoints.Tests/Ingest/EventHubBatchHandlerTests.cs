using System.Diagnostics.Metrics;
using System.Text;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Touchpoints.Tests.Storage;
using Xunit;

namespace Touchpoints.Tests.Ingest;

/// <summary>The batch handler when storage fails: the host retries, and on the last retry nothing accepted is lost.</summary>
public sealed class EventHubBatchHandlerTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Enqueued = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly EventHubEvent[] Batch =
    [
        new() { Body = Encoding.UTF8.GetBytes("""{"type":"track","userId":"u","event":"Ad Clicked","messageId":"a"}"""), EnqueuedTime = Enqueued, SequenceNumber = 1, PartitionId = "0" },
        new() { Body = Encoding.UTF8.GetBytes("""{"type":"track","event":"No Id"}"""), EnqueuedTime = Enqueued, SequenceNumber = 2, PartitionId = "0" },
        new() { Body = Encoding.UTF8.GetBytes("""{"type":"page","userId":"v","messageId":"b"}"""), EnqueuedTime = Enqueued, SequenceNumber = 3, PartitionId = "0" },
    ];

    [Fact]
    public async Task HandleAsync_WhenStorageFailsAndTheHostWillRetry_ThrowsAndWritesNothing()
    {
        var (handler, container) = Create();

        await Assert.ThrowsAsync<RequestFailedException>(() => handler.HandleAsync(Batch, "touchpoints", TestContext.Current.CancellationToken));

        Assert.False(await container.ExistsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task HandleAsync_WhenStorageFailsOnTheLastRetry_DeadLettersEveryEventWithItsReason()
    {
        // Arrange
        var (handler, container) = Create();

        // Act
        var result = await handler.HandleAsync(Batch, "touchpoints", TestContext.Current.CancellationToken, isFinalAttempt: true);

        // Assert: the two valid events with the storage failure, the invalid one with its field error.
        Assert.Equal(3, result.DeadLettered);
        var reasons = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: TestContext.Current.CancellationToken))
        {
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content.ToString();
            reasons.Add(content);
        }

        Assert.Equal(2, reasons.Count(static r => r.Contains("not applied after the last retry: RequestFailedException", StringComparison.Ordinal)));
        Assert.Single(reasons, static r => r.Contains("userId", StringComparison.Ordinal) && r.Contains("invalid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_WhenStorageRefusesOneEventsMessage_DeadLettersOnlyThatEvent()
    {
        // Arrange: twelve events through the real writer; storage refuses the row of one message (as Azure refuses an
        // oversized property), and that event's other message is fine.
        var context = new StorageTestContext(azurite, buckets: 2);
        var faults = new StorageFaultPolicy();
        faults.PoisonRow(TableKeys.TimelineRow(TableKeys.Customer("eh-c1", anonymous: false), "eh-bad"));
        var events = Enumerable.Range(0, 12).Select(i => new EventHubEvent
        {
            Body = Encoding.UTF8.GetBytes(i == 5
                ? """[{"type":"track","userId":"eh-c1","event":"Product Viewed","messageId":"eh-bad"},{"type":"page","userId":"eh-c2","messageId":"eh-with-bad"}]"""
                : $$"""{"type":"track","userId":"eh-c{{i % 3}}","event":"Product Viewed","messageId":"eh-{{i}}"}"""),
            EnqueuedTime = Enqueued.AddSeconds(i),
            SequenceNumber = 100 + i,
            PartitionId = "3",
        }).ToArray();
        var (handler, container) = Create(context.NewWriter(context.TableWith(faults)));

        // Act: not the last attempt; a failure of the whole batch would throw.
        var result = await handler.HandleAsync(events, "touchpoints", TestContext.Current.CancellationToken);

        // Assert: one dead letter, the refused event, with storage's reason; every other message is applied.
        Assert.Equal(1, result.DeadLettered);
        Assert.Equal(new IngestResult(12, 0), result.Ingested);
        var letters = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: TestContext.Current.CancellationToken))
        {
            letters.Add((await container.GetBlobClient(blob.Name).DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content.ToString());
        }

        var letter = Assert.Single(letters);
        Assert.Contains("eh-bad", letter, StringComparison.Ordinal);
        Assert.Contains("PropertyValueTooLarge", letter, StringComparison.Ordinal);
        var counts = await Task.WhenAll(Enumerable.Range(0, 3).Select(async c => (await context.ReadJourneyAsync($"eh-c{c}"))!.Value.Record.TouchCount));
        Assert.Equal([4L, 4L, 4L], counts);
    }

    private (EventHubBatchHandler Handler, Azure.Storage.Blobs.BlobContainerClient Container) Create(ITouchpointIngestor? ingestor = null)
    {
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var handler = new EventHubBatchHandler(
            ingestor ?? new FailingIngestor(),
            new BlobDeadLetterSink(container),
            new IngestMetrics(services.GetRequiredService<IMeterFactory>()),
            NullLogger<EventHubBatchHandler>.Instance);
        return (handler, container);
    }

    // Storage that is down: what the journey writer throws when every retry of the SDK has failed.
    private sealed class FailingIngestor : ITouchpointIngestor
    {
        public ValueTask<IngestResult> IngestAsync(IReadOnlyList<Touchpoint> touchpoints, CancellationToken cancellationToken) =>
            throw new RequestFailedException(503, "The server is busy.");
    }
}
