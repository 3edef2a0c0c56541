using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Touchpoints.Ingest;
using Touchpoints.Snapshots;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Storage;

/// <summary>A table or container whose first creation fails is created on a later call, not broken until the process restarts.</summary>
public sealed class CreateOnceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EnsureAsync_WhenTheFirstAttemptFails_TriesAgainOnTheNextCall()
    {
        // Arrange
        var calls = 0;
        var once = new CreateOnce(_ => ++calls == 1 ? Task.FromException(new RequestFailedException(503, "down")) : Task.CompletedTask);

        // Act
        await Assert.ThrowsAsync<RequestFailedException>(() => once.EnsureAsync(TestContext.Current.CancellationToken));
        await once.EnsureAsync(TestContext.Current.CancellationToken);
        await once.EnsureAsync(TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task EnsureAsync_WhenCallersWaitTogether_RunsOneAttemptAndACancelledCallerDoesNotCancelIt()
    {
        // Arrange
        var calls = 0;
        var release = new TaskCompletionSource();
        var once = new CreateOnce(_ =>
        {
            Interlocked.Increment(ref calls);
            return release.Task;
        });
        using var impatient = new CancellationTokenSource();

        // Act
        var first = once.EnsureAsync(TestContext.Current.CancellationToken);
        var cancelled = once.EnsureAsync(impatient.Token);
        var second = once.EnsureAsync(TestContext.Current.CancellationToken);
        await impatient.CancelAsync();
        release.SetResult();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await first;
        await second;
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task JourneyTable_WhenTheFirstCreationFails_CreatesTheTableOnTheNextCall()
    {
        // Arrange
        var failing = new FailFirstRequestsPolicy(1);
        var options = azurite.Server.Rules.Apply(new TableClientOptions());
        options.AddPolicy(failing, HttpPipelinePosition.PerCall);
        var client = new TableServiceClient(azurite.ConnectionString, options).GetTableClient(AzuriteServer.UniqueTableName());
        var table = new JourneyTable(client, 4);

        // Act
        await Assert.ThrowsAsync<RequestFailedException>(() => table.EnsureCreatedAsync(TestContext.Current.CancellationToken));
        await table.EnsureCreatedAsync(TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(1, failing.Failed);
        await client.AddEntityAsync(new TableEntity("b000", "r"), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task BlobDeadLetterSink_WhenTheFirstContainerCreationFails_WritesOnTheNextCall()
    {
        // Arrange
        var (container, failing) = FailingContainer();
        var sink = new BlobDeadLetterSink(container);
        var letter = new DeadLetter { Source = "http", Reason = "test", ReceivedAt = DateTimeOffset.UnixEpoch, Body = "{}"u8.ToArray() };

        // Act
        await Assert.ThrowsAsync<RequestFailedException>(async () => await sink.WriteAsync(letter, TestContext.Current.CancellationToken));
        var name = await sink.WriteAsync(letter, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(1, failing.Failed);
        Assert.True(await container.GetBlobClient(name).ExistsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task BlobSnapshotStore_WhenTheFirstContainerCreationFails_WritesOnTheNextCall()
    {
        // Arrange
        var (container, failing) = FailingContainer();
        var store = new BlobSnapshotStore(container, TimeProvider.System, NullLogger<BlobSnapshotStore>.Instance);
        var funnel = Journeys.TestTouchpoints.DefaultFunnel;
        var day = new DateOnly(2026, 3, 1);
        var snapshot = new FunnelDayAggregator(SnapshotDay.Of(day, TimeZoneInfo.Utc), funnel, 14).ToSnapshot(funnel, "UTC", 14);

        // Act
        await Assert.ThrowsAsync<RequestFailedException>(async () => await store.WriteAsync(snapshot, 0, TestContext.Current.CancellationToken));
        var names = await store.WriteAsync(snapshot, 0, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(1, failing.Failed);
        Assert.NotEmpty(names);
    }

    private (BlobContainerClient Container, FailFirstRequestsPolicy Failing) FailingContainer()
    {
        var failing = new FailFirstRequestsPolicy(1);
        var options = azurite.Server.Rules.Apply(new BlobClientOptions());
        options.AddPolicy(failing, HttpPipelinePosition.PerCall);
        return (new BlobServiceClient(azurite.ConnectionString, options).GetBlobContainerClient(AzuriteServer.UniqueContainerName()), failing);
    }
}
