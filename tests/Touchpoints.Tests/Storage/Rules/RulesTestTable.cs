using Azure.Data.Tables;
using Touchpoints.Storage.Rules;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Storage.Rules;

/// <summary>A fresh table on the shared Azurite seen through two clients: one held to rules of its own (so its counts are this test's), one with no rules (to see what Azurite itself holds).</summary>
internal sealed class RulesTestTable
{
    public RulesTestTable(AzuriteFixture azurite, bool failOnScans = false)
    {
        Rules = new AzureStorageRules(failOnScans);
        var name = AzuriteServer.UniqueTableName();
        Checked = azurite.Server.CreateTableServiceClient(Rules).GetTableClient(name);
        Unchecked = azurite.Server.CreateUncheckedTableServiceClient().GetTableClient(name);
    }

    public AzureStorageRules Rules { get; }

    public TableClient Checked { get; }

    public TableClient Unchecked { get; }

    public async Task<RulesTestTable> CreatedAsync()
    {
        await Unchecked.CreateIfNotExistsAsync(TestContext.Current.CancellationToken);
        return this;
    }

    /// <summary>Every row Azurite holds, read without rules.</summary>
    public async Task<List<TableEntity>> StoredRowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Unchecked.QueryAsync<TableEntity>(cancellationToken: TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }
}
