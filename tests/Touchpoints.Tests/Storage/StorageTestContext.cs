using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Touchpoints.Journeys;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Touchpoints.Tests.Journeys;

namespace Touchpoints.Tests.Storage;

/// <summary>A fresh table on the shared Azurite, and writers and readers over it.</summary>
internal sealed class StorageTestContext(AzuriteFixture azurite, int buckets = 4, FunnelCatalog? catalog = null)
{
    public static readonly FunnelCatalog Catalog = new([TestTouchpoints.DefaultFunnel]);

    public TableClient Client { get; } = azurite.Server.CreateTableServiceClient().GetTableClient(AzuriteServer.UniqueTableName());

    public JourneyTable Table => new(Client, buckets);

    /// <summary>The same table through a client whose requests pass a policy of the test's (and Azure's limits).</summary>
    public JourneyTable TableWith(HttpPipelinePolicy policy)
    {
        var options = azurite.Server.Rules.Apply(new TableClientOptions());
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return new JourneyTable(new TableServiceClient(azurite.ConnectionString, options).GetTableClient(Client.Name), buckets);
    }

    public JourneyWriter NewWriter(JourneyTable table, int cacheSize = 1000) => new(table, catalog ?? Catalog, cacheSize);

    public JourneyWriter NewWriter(int cacheSize = 1000) => new(Table, catalog ?? Catalog, cacheSize);

    public TableCustomerJourneyStore NewStore() => new(Table, catalog ?? Catalog);

    public async Task<(JourneyRecord Record, byte[] Bytes)?> ReadJourneyAsync(string customerId, bool anonymous = false)
    {
        var key = TableKeys.Customer(customerId, anonymous);
        var response = await Client.GetEntityIfExistsAsync<TableEntity>(Table.PartitionOf(key), TableKeys.JourneyRow("default", key));
        if (!response.HasValue)
        {
            return null;
        }

        var (record, _) = JourneyEntity.FromEntity(response.Value!);
        return (record, JourneyRecordCodec.Encode(record));
    }

    public async Task<List<TableEntity>> RowsAsync(string prefix)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Client.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            if (row.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}
