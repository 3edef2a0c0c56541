using System.Diagnostics.Metrics;
using System.Text;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Testing;
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

    private (EventHubBatchHandler Handler, Azure.Storage.Blobs.BlobContainerClient Container) Create()
    {
        var container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(AzuriteServer.UniqueContainerName());
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var handler = new EventHubBatchHandler(
            new FailingIngestor(),
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
