using Touchpoints.Storage.Writing;
using Xunit;

namespace Touchpoints.Tests.Storage.Writing;

public sealed class TransactionPackerTests
{
    [Fact]
    public void Pack_WhenUnitsFitTogether_PacksThemInOneTransaction() =>
        Assert.Equal([(0, 3)], TransactionPacker.Pack([(10, 1000), (20, 1000), (70, 1000)]));

    [Fact]
    public void Pack_WhenTheNextUnitWouldPassOneHundredActions_StartsANewTransaction() =>
        Assert.Equal([(0, 2), (2, 1)], TransactionPacker.Pack([(50, 10), (50, 10), (1, 10)]));

    [Fact]
    public void Pack_WhenTheNextUnitWouldPassTheByteBudget_StartsANewTransaction()
    {
        var half = TransactionPacker.MaxBytes / 2;

        var transactions = TransactionPacker.Pack([(2, half), (2, half), (2, 1)]);

        Assert.Equal([(0, 2), (2, 1)], transactions);
    }

    [Fact]
    public void Pack_WhenAUnitIsOverTheBudgetOnItsOwn_GivesItATransactionOfItsOwn() =>
        Assert.Equal([(0, 1), (1, 1), (2, 1)], TransactionPacker.Pack([(2, 10), (2, TransactionPacker.MaxBytes + 1), (2, 10)]));

    [Fact]
    public void Pack_WhenAUnitMustTravelAlone_NothingJoinsIt() =>
        Assert.Equal([(0, 1), (1, 1), (2, 2)], TransactionPacker.Pack([(2, 10), (2, 10), (2, 10), (2, 10)], alone: static i => i == 1));

    [Fact]
    public void Pack_KeepsEveryTransactionWithinBothLimits()
    {
        // Arrange: random units, each within the limits on its own.
        var random = new Random(7);
        var units = Enumerable.Range(0, 500).Select(_ => (random.Next(1, 100), (long)random.Next(1, (int)(TransactionPacker.MaxBytes / 2)))).ToList();

        // Act
        var transactions = TransactionPacker.Pack(units);

        // Assert: in order, each unit once, and no transaction over a limit.
        Assert.Equal(Enumerable.Range(0, units.Count), transactions.SelectMany(static t => Enumerable.Range(t.Start, t.Count)));
        Assert.All(transactions, t =>
        {
            Assert.True(units.Skip(t.Start).Take(t.Count).Sum(static u => u.Item1) <= TransactionPacker.MaxActions);
            Assert.True(units.Skip(t.Start).Take(t.Count).Sum(static u => u.Item2) <= TransactionPacker.MaxBytes);
        });
    }

    [Fact]
    public void MaxBytes_LeavesRoomUnderAzuresFourMebibytes() => Assert.True(TransactionPacker.MaxBytes <= 4L * 1024 * 1024 - (256 * 1024));
}
