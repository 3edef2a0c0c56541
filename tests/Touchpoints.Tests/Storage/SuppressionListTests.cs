using Microsoft.Extensions.Time.Testing;
using Touchpoints.Storage;
using Touchpoints.Testing;
using Xunit;
using static Touchpoints.Tests.Journeys.TestTouchpoints;

namespace Touchpoints.Tests.Storage;

public sealed class SuppressionListTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ScreenAsync_OnAnotherInstance_RefusesASuppressedIdOnceItsCopyIsOlderThanTheRefresh()
    {
        // Arrange: two instances over one table; the second has read the (empty) tombstones already.
        var token = TestContext.Current.CancellationToken;
        var context = new StorageTestContext(azurite);
        var clock = new FakeTimeProvider();
        var here = new SuppressionList(context.Table, TimeSpan.FromSeconds(60), clock);
        var elsewhere = new SuppressionList(context.Table, TimeSpan.FromSeconds(60), clock);
        var touchpoints = new[] { Track("s1", "Product Viewed", Day, userId: "sup-1"), Page("s2", Day, userId: null, anonymousId: "sup-device"), Track("s3", "Product Viewed", Day, userId: "other") };
        Assert.Equal(0, (await elsewhere.ScreenAsync(touchpoints, token)).Refused);

        // Act
        await here.SuppressAsync(["sup-1", "sup-device"], token);
        var atOnce = await here.ScreenAsync(touchpoints, token);
        var beforeRefresh = await elsewhere.ScreenAsync(touchpoints, token);
        clock.Advance(TimeSpan.FromSeconds(61));
        var afterRefresh = await elsewhere.ScreenAsync(touchpoints, token);
        await elsewhere.LiftAsync("sup-1", token);
        var afterLift = await elsewhere.ScreenAsync(touchpoints, token);

        // Assert
        Assert.Equal(2, atOnce.Refused);
        Assert.Equal("s3", Assert.Single(atOnce.Kept).MessageId);
        Assert.Equal(0, beforeRefresh.Refused);
        Assert.Equal(2, afterRefresh.Refused);
        Assert.Equal(1, afterLift.Refused);
        Assert.Equal(["s1", "s3"], afterLift.Kept.Select(static t => t.MessageId));
    }
}
