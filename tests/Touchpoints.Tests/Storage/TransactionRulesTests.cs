using Azure;
using Azure.Data.Tables;
using Touchpoints.Storage;
using Touchpoints.Storage.Rules;
using Xunit;

namespace Touchpoints.Tests.Storage;

/// <summary>Azurite accepts what Azure rejects, so the writer checks the rules itself; these tests prove each check bites, and which.</summary>
public sealed class TransactionRulesTests
{
    private static TableTransactionAction Add(string partition, string row) => new(TableTransactionActionType.Add, new TableEntity(partition, row));

    [Fact]
    public void Ensure_WhenActionsSpanPartitions_FailsTheSpanRule()
    {
        var ex = Assert.Throws<AzureStorageRuleException>(() => TransactionRules.Ensure([Add("b000", "r1"), Add("b001", "r2")]));

        Assert.Equal(AzureStorageRule.TransactionSpansPartitions, ex.Rule);
        Assert.Contains("'b001'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'b000'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_WhenOverOneHundredActions_FailsTheActionCountRule()
    {
        var actions = Enumerable.Range(0, 101).Select(i => Add("b000", $"r{i}")).ToList();

        var ex = Assert.Throws<AzureStorageRuleException>(() => TransactionRules.Ensure(actions));

        Assert.Equal(AzureStorageRule.TransactionTooManyActions, ex.Rule);
    }

    [Fact]
    public void Ensure_WhenEmpty_FailsTheEmptyRule() =>
        Assert.Equal(AzureStorageRule.TransactionEmpty, Assert.Throws<AzureStorageRuleException>(() => TransactionRules.Ensure([])).Rule);

    [Fact]
    public void Ensure_WhenRowRepeats_FailsTheRepeatedRowRule()
    {
        var ex = Assert.Throws<AzureStorageRuleException>(() => TransactionRules.Ensure([Add("b000", "r1"), Add("b000", "r1")]));

        Assert.Equal(AzureStorageRule.TransactionRowRepeated, ex.Rule);
        Assert.Equal("r1", ex.RowKey);
    }

    [Fact]
    public void Ensure_WhenABinaryPropertyIsOver64KiB_FailsTheBinaryRule()
    {
        var entity = new TableEntity("b000", "r1") { ["Body"] = new byte[(64 * 1024) + 1] };

        var ex = Assert.Throws<AzureStorageRuleException>(() => TransactionRules.Ensure([new TableTransactionAction(TableTransactionActionType.Add, entity)]));

        Assert.Equal(AzureStorageRule.BinaryPropertyTooLarge, ex.Rule);
        Assert.Contains("'Body'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_WhenAKeyHoldsASlash_FailsTheKeyCharacterRule()
    {
        var ex = Assert.Throws<AzureStorageRuleException>(() => TransactionRules.Ensure([Add("b000", "t|a/b")]));

        Assert.Equal(AzureStorageRule.KeyHasForbiddenCharacter, ex.Rule);
    }

    [Fact]
    public void Ensure_WhenDeletingRowsOfOnePartition_Accepts() =>
        TransactionRules.Ensure([new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("b000", "r1"), ETag.All)]);

    [Fact]
    public void Ensure_WhenOneHundredActionsInOnePartition_Accepts() =>
        TransactionRules.Ensure(Enumerable.Range(0, 100).Select(i => Add("b000", $"r{i}")).ToList());
}
