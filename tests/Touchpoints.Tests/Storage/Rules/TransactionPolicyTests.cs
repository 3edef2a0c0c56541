using Azure;
using Azure.Data.Tables;
using Touchpoints.Storage.Rules;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Storage.Rules;

/// <summary>The policy reads the actions out of a transaction's multipart body and refuses what Azure refuses, even where Azurite accepts it.</summary>
public sealed class TransactionPolicyTests(AzuriteFixture azurite)
{
    private static TableTransactionAction Add(string partition, string row, byte[]? body = null) =>
        new(TableTransactionActionType.Add, body is null ? new TableEntity(partition, row) : new TableEntity(partition, row) { ["B"] = body });

    [Fact]
    public async Task SubmitTransaction_WhenActionsSpanTwoPartitions_FailsTheSpanRuleWhereAzuriteWouldAccept()
    {
        // Arrange
        var table = await new RulesTestTable(azurite).CreatedAsync();
        List<TableTransactionAction> actions = [Add("b000", "r1"), Add("b001", "r2")];

        // Act
        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => table.Checked.SubmitTransactionAsync(actions, TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal(AzureStorageRule.TransactionSpansPartitions, ex.Rule);
        Assert.Equal("b001", ex.PartitionKey);
        Assert.Empty(await table.StoredRowsAsync());
        Assert.Equal(0, table.Rules.Counts.Transactions);

        // Azurite itself takes it: this is the defect class the policy exists for.
        await table.Unchecked.SubmitTransactionAsync(actions, TestContext.Current.CancellationToken);
        Assert.Equal(2, (await table.StoredRowsAsync()).Count);
    }

    [Fact]
    public async Task SubmitTransaction_WhenOver100Actions_FailsTheActionCountRule()
    {
        var table = await new RulesTestTable(azurite).CreatedAsync();
        var actions = Enumerable.Range(0, 101).Select(i => Add("b000", $"r{i:D3}")).ToList();

        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => table.Checked.SubmitTransactionAsync(actions, TestContext.Current.CancellationToken));

        Assert.Equal(AzureStorageRule.TransactionTooManyActions, ex.Rule);
        Assert.Empty(await table.StoredRowsAsync());
    }

    [Fact]
    public async Task SubmitTransaction_WhenTheBodyIsOver4MiB_FailsTheSizeRule()
    {
        // 66 binary properties of 64,000 bytes are 4.2 MB as the base64 the body carries, though each entity is valid.
        var table = await new RulesTestTable(azurite).CreatedAsync();
        var actions = Enumerable.Range(0, 66).Select(i => Add("b000", $"r{i:D3}", new byte[48_000])).ToList();

        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => table.Checked.SubmitTransactionAsync(actions, TestContext.Current.CancellationToken));

        Assert.Equal(AzureStorageRule.TransactionTooLarge, ex.Rule);
        Assert.Equal((table.Checked.Name, "b000"), (ex.Table, ex.PartitionKey));
        Assert.Empty(await table.StoredRowsAsync());
    }

    [Fact]
    public async Task SubmitTransaction_WhenARowRepeats_FailsTheRepeatedRowRule()
    {
        var table = await new RulesTestTable(azurite).CreatedAsync();
        List<TableTransactionAction> actions =
        [
            Add("b000", "r1"),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("b000", "r1") { ["X"] = 1 }, ETag.All),
        ];

        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => table.Checked.SubmitTransactionAsync(actions, TestContext.Current.CancellationToken));

        Assert.Equal(AzureStorageRule.TransactionRowRepeated, ex.Rule);
        Assert.Equal("r1", ex.RowKey);
    }

    [Fact]
    public async Task SubmitTransaction_WhenAnActionBreaksAnEntityLimit_FailsThatRule()
    {
        var table = await new RulesTestTable(azurite).CreatedAsync();
        List<TableTransactionAction> actions = [Add("b000", "r1"), Add("b000", "r2", new byte[(64 * 1024) + 1])];

        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => table.Checked.SubmitTransactionAsync(actions, TestContext.Current.CancellationToken));

        Assert.Equal(AzureStorageRule.BinaryPropertyTooLarge, ex.Rule);
        Assert.Equal("r2", ex.RowKey);
    }

    [Fact]
    public async Task SubmitTransaction_WhenValid_CommitsAndCountsEachWriteByKind()
    {
        // Arrange
        var table = await new RulesTestTable(azurite).CreatedAsync();
        await table.Unchecked.AddEntityAsync(new TableEntity("b000", "existing"), TestContext.Current.CancellationToken);
        await table.Unchecked.AddEntityAsync(new TableEntity("b000", "gone"), TestContext.Current.CancellationToken);
        var actions = Enumerable.Range(0, 97).Select(i => Add("b000", $"r{i:D3}")).ToList();
        actions.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity("b000", "existing") { ["X"] = 1 }, ETag.All));
        actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity("b000", "new")));
        actions.Add(new(TableTransactionActionType.Delete, new TableEntity("b000", "gone"), ETag.All));

        // Act
        await table.Checked.SubmitTransactionAsync(actions, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(99, (await table.StoredRowsAsync()).Count);
        var counts = table.Rules.Counts;
        Assert.Equal((1, 97, 1, 1, 1), (counts.Transactions, counts.EntitiesAdded, counts.EntitiesUpdated, counts.EntitiesUpserted, counts.EntitiesDeleted));
    }
}
