using Azure.Data.Tables;
using Touchpoints.Storage;
using Xunit;

namespace Touchpoints.Tests.Storage;

/// <summary>Azurite accepts what Azure rejects, so the writer checks the rules itself; these tests prove the check bites.</summary>
public sealed class TransactionRulesTests
{
    private static TableTransactionAction Add(string partition, string row) => new(TableTransactionActionType.Add, new TableEntity(partition, row));

    [Fact]
    public void Ensure_WhenActionsSpanPartitions_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => TransactionRules.Ensure([Add("b000", "r1"), Add("b001", "r2")]));

        Assert.Contains("spans partitions b000 and b001", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_WhenOverOneHundredActions_Throws()
    {
        var actions = Enumerable.Range(0, 101).Select(i => Add("b000", $"r{i}")).ToList();

        Assert.Throws<InvalidOperationException>(() => TransactionRules.Ensure(actions));
    }

    [Fact]
    public void Ensure_WhenRowRepeats_Throws() =>
        Assert.Throws<InvalidOperationException>(() => TransactionRules.Ensure([Add("b000", "r1"), Add("b000", "r1")]));

    [Fact]
    public void Ensure_WhenOneHundredActionsInOnePartition_Accepts() =>
        TransactionRules.Ensure(Enumerable.Range(0, 100).Select(i => Add("b000", $"r{i}")).ToList());
}
