using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Journeys.TestTouchpoints;

namespace Touchpoints.Tests.Storage;

public sealed class TableCustomerJourneyStoreTests(AzuriteFixture azurite)
{
    private readonly StorageTestContext _context = new(azurite);

    [Fact]
    public async Task GetAsync_PagesTheTimelineNewestFirst()
    {
        // Arrange: message ids sort opposite to time, so only a sort by time gives the right order.
        await _context.NewWriter().WriteAsync(
            Enumerable.Range(0, 5).Select(i => Track($"m{9 - i}", "Product Viewed", Day.AddHours(i))).ToArray(),
            TestContext.Current.CancellationToken);
        var store = _context.NewStore();

        // Act
        var first = await store.GetAsync("u1", 2, null, TestContext.Current.CancellationToken);
        var second = await store.GetAsync("u1", 2, first!.NextPage, TestContext.Current.CancellationToken);
        var last = await store.GetAsync("u1", 2, second!.NextPage, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(["m5", "m6"], first.Timeline.Select(static t => t.MessageId));
        Assert.Equal(["m7", "m8"], second.Timeline.Select(static t => t.MessageId));
        Assert.Equal(["m9"], last!.Timeline.Select(static t => t.MessageId));
        Assert.Null(last.NextPage);
    }

    [Fact]
    public async Task GetAsync_WhenAskedForALinkedAnonymousId_ReturnsTheKnownCustomer()
    {
        await _context.NewWriter().WriteAsync([Identify("i", Day, "known", "device-1"), Page("p", Day.AddMinutes(1), userId: null, anonymousId: "device-1")], TestContext.Current.CancellationToken);

        var journeys = await _context.NewStore().GetAsync("device-1", 10, null, TestContext.Current.CancellationToken);

        Assert.Equal("known", journeys!.ResolvedCustomerId);
        Assert.Equal(2, Assert.Single(journeys.Journeys).TouchCount);
    }

    [Fact]
    public async Task GetAsync_WhenNothingIsStored_ReturnsNull() =>
        Assert.Null(await _context.NewStore().GetAsync("nobody", 10, null, TestContext.Current.CancellationToken));

    [Fact]
    public async Task EraseAsync_RemovesJourneysTimelineAndEveryLinkedAnonymousId()
    {
        // Arrange: a known customer with a linked anonymous history, and a bystander.
        var writer = _context.NewWriter();
        await writer.WriteAsync([Page("a1", Day, userId: null, anonymousId: "dev-9")], TestContext.Current.CancellationToken);
        await writer.WriteAsync([Identify("i1", Day.AddMinutes(1), "gdpr", "dev-9"), Track("o1", "Order Completed", Day.AddMinutes(2), userId: "gdpr"), Track("x", "Product Viewed", Day, userId: "bystander")], TestContext.Current.CancellationToken);

        // Act
        var erasure = await _context.NewStore().EraseAsync("gdpr", TestContext.Current.CancellationToken);

        // Assert: nothing of theirs is left, the bystander is untouched, and the erased ids are reported for the dead letters.
        Assert.True(erasure.DeletedRows >= 6, $"{erasure.DeletedRows} rows deleted");
        Assert.Equal(["gdpr", "dev-9"], erasure.ErasedIds);
        foreach (var prefix in new[] { "j|default|u:gdpr", "t|u:gdpr|", "i|a:dev-9", "l|u:gdpr|", "t|a:dev-9|", "j|default|a:dev-9" })
        {
            Assert.Empty(await _context.RowsAsync(prefix));
        }

        Assert.NotNull(await _context.ReadJourneyAsync("bystander"));
        Assert.Null(await _context.NewStore().GetAsync("dev-9", 10, null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EraseAsync_WhenTheIdIsALinkedAnonymousId_ReportsItTheUserAndTheUsersOtherAnonymousIds()
    {
        // Arrange
        var writer = _context.NewWriter();
        await writer.WriteAsync([Identify("i1", Day, "erased-user", "dev-a"), Identify("i2", Day.AddMinutes(1), "erased-user", "dev-b"), Track("o1", "Order Completed", Day.AddMinutes(2), userId: "erased-user")], TestContext.Current.CancellationToken);

        // Act
        var erasure = await _context.NewStore().EraseAsync("dev-a", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(["dev-a", "dev-b", "erased-user"], erasure.ErasedIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EraseAsync_WhenNothingIsStored_StillReportsTheRequestedId()
    {
        var erasure = await _context.NewStore().EraseAsync("never-stored", TestContext.Current.CancellationToken);

        Assert.Equal(0, erasure.DeletedRows);
        Assert.Equal(["never-stored"], erasure.ErasedIds);
    }
}
