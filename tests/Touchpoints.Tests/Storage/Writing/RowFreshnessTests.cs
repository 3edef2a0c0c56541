using Touchpoints.Storage.Writing;
using Xunit;

namespace Touchpoints.Tests.Storage.Writing;

public sealed class RowFreshnessTests
{
    [Fact]
    public void IsRealConflict_WhenTheRowWasReadByThisWrite_IsTrue()
    {
        var freshness = new RowFreshness();
        freshness.MarkFresh("j|default|u:a");

        Assert.True(freshness.IsRealConflict("j|default|u:a"));
    }

    [Fact]
    public void IsRealConflict_WhenManyRowsCameStaleFromTheCache_ExcusesEachOnce()
    {
        var freshness = new RowFreshness();
        var rows = Enumerable.Range(0, 500).Select(static i => $"j|default|u:{i}").ToList();

        Assert.All(rows, r => Assert.False(freshness.IsRealConflict(r)));
        Assert.All(rows, r => Assert.True(freshness.IsRealConflict(r)));
    }

    [Fact]
    public void IsRealConflict_WhenAFreshRowWasEvicted_ExcusesItOnceMore()
    {
        var freshness = new RowFreshness();
        freshness.MarkFresh("r");
        freshness.Forget("r");

        Assert.False(freshness.IsRealConflict("r"));
        Assert.True(freshness.IsRealConflict("r"));
    }
}
