using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Touchpoints.Hosting;

namespace Touchpoints.Storage;

/// <summary>The pipeline's one table, created on first use, and the bucket count its keys are spread over.</summary>
public sealed class JourneyTable
{
    private readonly CreateOnce _created;

    /// <summary>Creates the table handle from the configured service and options.</summary>
    public JourneyTable(TableServiceClient service, IOptions<TouchpointOptions> options)
        : this(service.GetTableClient(options.Value.TableName), options.Value.BucketCount)
    {
    }

    /// <summary>Creates a handle on a given table.</summary>
    public JourneyTable(TableClient client, int bucketCount)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketCount, 1);
        Client = client;
        BucketCount = bucketCount;
        _created = new CreateOnce(async token => await client.CreateIfNotExistsAsync(token).ConfigureAwait(false));
    }

    /// <summary>The table client.</summary>
    public TableClient Client { get; }

    /// <summary>How many bucket partitions customers are spread over.</summary>
    public int BucketCount { get; }

    /// <summary>The partition of a customer key.</summary>
    public string PartitionOf(string customerKey) => TableKeys.Partition(customerKey, BucketCount);

    /// <summary>Creates the table if it does not exist yet (once per process; a failed attempt is tried again on the next call).</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => _created.EnsureAsync(cancellationToken);
}
