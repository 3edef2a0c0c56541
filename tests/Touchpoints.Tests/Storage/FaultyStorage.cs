using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Touchpoints.Ingest;
using Touchpoints.Storage;
using Touchpoints.Testing;

namespace Touchpoints.Tests.Storage;

/// <summary>
/// One test's table and dead-letter container, reached through a <see cref="FaultProxy"/> per service (the writer's
/// side) and directly (the test's reads, which must not be faulted).
/// </summary>
internal sealed class FaultyStorage : IAsyncDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly string _container = AzuriteServer.UniqueContainerName("dl");

    private FaultyStorage(AzuriteFixture azurite, int seed, int buckets, int sdkRetries)
    {
        _azurite = azurite;
        Direct = new StorageTestContext(azurite, buckets);
        TableProxy = FaultProxy.Start(azurite.Server.TablePort, seed);
        BlobProxy = FaultProxy.Start(azurite.Server.BlobPort, seed + 1);
        var connection = azurite.Server.ConnectionStringVia(BlobProxy.Port, TableProxy.Port);

        // Few, quick retries: the faults must reach the writer and the handler often enough to test their handling,
        // and the test stays fast. Azure's limits stay on these clients, as on every client the tests make.
        var tableOptions = azurite.Server.Rules.Apply(new TableClientOptions());
        Shorten(tableOptions.Retry, sdkRetries);
        var blobOptions = azurite.Server.Rules.Apply(new BlobClientOptions());
        Shorten(blobOptions.Retry, sdkRetries);
        Table = new JourneyTable(new TableServiceClient(connection, tableOptions).GetTableClient(Direct.Client.Name), buckets);
        DeadLetters = new BlobServiceClient(connection, blobOptions).GetBlobContainerClient(_container);
    }

    /// <summary>The table and readers without faults.</summary>
    public StorageTestContext Direct { get; }

    /// <summary>The proxy in front of the Table service.</summary>
    public FaultProxy TableProxy { get; }

    /// <summary>The proxy in front of the Blob service.</summary>
    public FaultProxy BlobProxy { get; }

    /// <summary>The journey table through the proxy.</summary>
    public JourneyTable Table { get; }

    /// <summary>The dead-letter container through the proxy.</summary>
    public BlobContainerClient DeadLetters { get; }

    /// <summary>The dead-letter container without faults.</summary>
    public BlobContainerClient DirectDeadLetters => _azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(_container);

    public static FaultyStorage Start(AzuriteFixture azurite, int seed, int buckets = 4, int sdkRetries = 1) => new(azurite, seed, buckets, sdkRetries);

    /// <summary>An Event Hubs handler over an ingestor and a dead-letter container.</summary>
    public static EventHubBatchHandler Handler(ITouchpointIngestor ingestor, BlobContainerClient deadLetters)
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        return new EventHubBatchHandler(
            ingestor, new BlobDeadLetterSink(deadLetters), new IngestMetrics(services.GetRequiredService<IMeterFactory>()), NullLogger<EventHubBatchHandler>.Instance);
    }

    /// <summary>Every dead letter's body, read without faults.</summary>
    public async Task<List<string>> DeadLetterBodiesAsync(CancellationToken cancellationToken)
    {
        var bodies = new List<string>();
        var container = DirectDeadLetters;
        if (!await container.ExistsAsync(cancellationToken))
        {
            return bodies;
        }

        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken)).Value.Content;
            using var document = System.Text.Json.JsonDocument.Parse(content.ToMemory());
            bodies.Add(document.RootElement.GetProperty("body").GetString()!);
        }

        return bodies;
    }

    public async ValueTask DisposeAsync()
    {
        await TableProxy.DisposeAsync();
        await BlobProxy.DisposeAsync();
    }

    private static void Shorten(RetryOptions retry, int retries)
    {
        retry.MaxRetries = retries;
        retry.Mode = RetryMode.Fixed;
        retry.Delay = TimeSpan.FromMilliseconds(5);
        retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        retry.NetworkTimeout = TimeSpan.FromSeconds(20);
    }
}
