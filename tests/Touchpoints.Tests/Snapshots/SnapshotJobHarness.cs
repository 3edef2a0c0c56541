using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Touchpoints.Hosting;
using Touchpoints.Journeys;
using Touchpoints.Snapshots;
using Touchpoints.Testing;

namespace Touchpoints.Tests.Snapshots;

/// <summary>A snapshot job over its own table and container of the shared Azurite.</summary>
internal sealed class SnapshotJobHarness
{
    public const int Buckets = 4;

    public SnapshotJobHarness(
        AzuriteFixture azurite, IReadOnlyList<FunnelDefinition> funnels, string timeZone = "UTC", int lateDays = 2, TimeProvider? time = null, TableServiceClient? scanClient = null)
    {
        var tableName = AzuriteServer.UniqueTableName("snap");
        var containerName = AzuriteServer.UniqueContainerName("snap");
        Table = azurite.Server.CreateTableServiceClient().GetTableClient(tableName);
        Container = azurite.Server.CreateBlobServiceClient().GetBlobContainerClient(containerName);
        Time = time ?? TimeProvider.System;
        Store = new BlobSnapshotStore(Container, Time, NullLogger<BlobSnapshotStore>.Instance);
        Job = new FunnelSnapshotJob(
            scanClient ?? azurite.Server.CreateTableServiceClient(),
            Store,
            new FunnelCatalog(funnels),
            Options.Create(new TouchpointOptions { TableName = tableName, BucketCount = Buckets, SnapshotContainer = containerName }),
            Options.Create(new SnapshotOptions { TimeZone = timeZone, LateDays = lateDays }),
            NullLogger<FunnelSnapshotJob>.Instance);
    }

    public TableClient Table { get; }

    public BlobContainerClient Container { get; }

    public TimeProvider Time { get; }

    internal BlobSnapshotStore Store { get; }

    public FunnelSnapshotJob Job { get; }

    public async Task<byte[]> ReadAsync(string name) => (await Container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();
}
